"""The SEND team's daily digest: the next seven days of the calendar and what is overdue.

The calendar reads from every app, so the digest is built here and handed to
``notifications`` (which reads from none). One digest per person per day at
most: the day (and the school, for a SENDCo shared by two schools, who gets
one for each) is in the notification's event key, and a notification is
unique per recipient and key, so a second beat on the same day, or a worker
retrying, makes no second row and sends no second email.

The email says only how many dates there are (emails leave the school: no
pupil is named); the calendar pages hold the details.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from calendar_app.models import REVIEW_CHAIN, Event, Kind
from calendar_app.queries import OverdueCounts, overdue_counts_for, upcoming_for
from notifications.models import Kind as NotificationKind
from notifications.models import Notification
from notifications.services import notification_send, sendcos_of
from schools.models import School, User

DAYS = 7
GROUPS = (
    ("review", "annual review date", "annual review dates"),
    ("profile", "profile review or parents' meeting", "profile reviews and parents' meetings"),
    ("walk", "walk date", "walk dates"),
    ("other", "other date", "other dates"),
)


def _group(event: Event) -> str:
    if event.kind in REVIEW_CHAIN:
        return "review"
    if event.kind in (Kind.PROFILE_REVIEW, Kind.PARENTS_MEETING):
        return "profile"
    if event.kind in (Kind.LEARNING_WALK, Kind.WALK_ANNOUNCEMENT):
        return "walk"
    return "other"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class DatesDue:
    upcoming: dict[str, int]  # group -> events in the next seven days
    overdue: OverdueCounts

    @property
    def total(self) -> int:
        return sum(self.upcoming.values()) + self.overdue.total

    def title(self) -> str:
        parts = []
        coming = [
            _count(self.upcoming[group], one, many)
            for group, one, many in GROUPS
            if self.upcoming.get(group)
        ]
        if coming:
            parts.append("Next seven days: " + ", ".join(coming))
        late = [
            _count(n, one, many)
            for n, one, many in (
                (self.overdue.annual_reviews, "annual review", "annual reviews"),
                (self.overdue.invitations_not_sent, "set of invitations", "sets of invitations"),
                (self.overdue.papers_not_sent, "set of papers", "sets of papers"),
                (self.overdue.profile_reviews_missed, "profile review", "profile reviews"),
            )
            if n
        ]
        if late:
            parts.append("overdue: " + ", ".join(late))
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]


def dates_due_for(user: User, *, today: date) -> DatesDue:
    """Counts only (no names): they go out by email."""
    upcoming = Counter(
        _group(event)
        for event in upcoming_for(user, today=today, days=DAYS)
        if event.done_on is None
    )
    return DatesDue(upcoming=dict(upcoming), overdue=overdue_counts_for(user, today=today))


def digest_key(school: School, day: date) -> str:
    return f"dates_due:{day.isoformat()}:school:{school.pk}"


def dates_due_digest_send(*, today: date | None = None) -> list[Notification]:
    """Tell each member of each school's SEND team what is coming and overdue, once that day."""
    today = today or timezone.localdate()
    sent = []
    for school in School.objects.order_by("pk"):
        for sendco in sendcos_of(school):
            if sendco.work_in(school) is None:
                continue
            due = dates_due_for(sendco, today=today)
            if not due.total:
                continue
            sent.append(
                notification_send(
                    recipient=sendco,
                    kind=NotificationKind.DATES_DUE,
                    title=due.title(),
                    url=reverse("calendar:agenda"),
                    event_key=digest_key(school, today),
                    school=school,
                )
            )
    return sent
