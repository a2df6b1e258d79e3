"""The SENDCo's daily word about dates due within a week.

The calendar reads from every app, so the digest is built here and handed to
``notifications`` (which reads from none). One digest per person per day at
most: the day is in the notification's event key, unique per recipient. A
later calendar issue widens this into the full reminder digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind, Notification
from notifications.services import notification_send, sendcos_of
from pupils.access import ehc_plans_for, pupils_for
from pupils.queries import profile_reviews_due
from schools.models import School, User
from walks.queries import walks_to_announce

WITHIN = timedelta(days=7)


@dataclass(frozen=True)
class DatesDue:
    profile_reviews: int
    annual_reviews: int
    walks_to_announce: int

    @property
    def total(self) -> int:
        return self.profile_reviews + self.annual_reviews + self.walks_to_announce

    def title(self) -> str:
        parts = [
            (self.profile_reviews, "profile review", "profile reviews"),
            (self.annual_reviews, "EHC annual review", "EHC annual reviews"),
            (self.walks_to_announce, "walk to announce", "walks to announce"),
        ]
        said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
        return "Due within a week: " + ", ".join(said)


def dates_due_for(user: User, *, today: date) -> DatesDue:
    """Counts only (no names): they go out by email."""
    until = today + WITHIN
    reviews = (
        profile_reviews_due(pupils_for(user), today=today).filter(next_review__gte=today).count()
    )
    annual = sum(
        1
        for last, issued in ehc_plans_for(user).values_list("last_annual_review", "issued_on")
        if today <= _year_after(last or issued) <= until
    )
    return DatesDue(
        profile_reviews=reviews,
        annual_reviews=annual,
        walks_to_announce=walks_to_announce(user, today=today).count(),
    )


def _year_after(day: date) -> date:
    """As EhcPlan.next_review_due: within 12 months of the last review (or of issue)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def dates_due_digest_send(*, today: date | None = None) -> list[Notification]:
    """Tell each SENDCo of each school what is due within a week, once that day."""
    today = today or timezone.localdate()
    sent = []
    for school in School.objects.order_by("pk"):
        for sendco in sendcos_of(school):
            if sendco.school_id != school.pk:
                continue  # their digest follows the school they work in now
            due = dates_due_for(sendco, today=today)
            if not due.total:
                continue
            sent.append(
                notification_send(
                    recipient=sendco,
                    kind=Kind.DATES_DUE,
                    title=due.title(),
                    url=reverse("shell:dashboard"),
                    event_key=f"dates_due:{today.isoformat()}",
                    school=school,
                )
            )
    return sent
