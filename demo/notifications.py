"""A few notifications for the demo's teacher and SENDCo, some unread.

Made as the real callers would make them (same kinds, titles and event keys)
but written straight to the table with ``emailed_at`` set: seeding the demo
sends no email. Safe to run again: one row per person per event.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from demo.schools import DemoStaff
from feedback.models import Feedback, FeedbackReply
from notifications.models import Kind, Notification
from pupils.models import Concern

UNREAD = 3  # the newest few of each person's stay unread


def _add(rows: list[dict], **row: object) -> None:
    rows.append(row)


def seed_notifications(staff: DemoStaff, today: date) -> None:
    school = staff.school
    teacher = staff.named["teacher@demo.test"]
    sendco = staff.named["sendco@demo.test"]
    rows: list[dict] = []
    for feedback in (
        Feedback.objects.filter(observation__visit__teacher=teacher)
        .exclude(status=Feedback.Status.DRAFT)
        .select_related("observation__visit__walk")
        .order_by("released_at", "pk")
    ):
        visit = feedback.observation.visit
        day = date_format(timezone.localtime(visit.starts_at), "j F Y")
        _add(
            rows,
            recipient=teacher,
            kind=Kind.FEEDBACK_RELEASED,
            title=f"Feedback on your lesson on {day} ({visit.walk.title}) is ready to read",
            url=reverse("feedback:note", kwargs={"pk": feedback.pk}),
            event_key=f"feedback:{feedback.pk}:released",
            created_at=feedback.released_at or visit.starts_at,
        )
    for reply in (
        FeedbackReply.objects.filter(feedback__observation__visit__walk__school=school)
        .exclude(author=sendco)
        .select_related("feedback__observation__visit__walk")
        .order_by("created_at", "pk")
    ):
        visit = reply.feedback.observation.visit
        day = date_format(timezone.localtime(visit.starts_at), "j F Y")
        _add(
            rows,
            recipient=sendco,
            kind=Kind.FEEDBACK_REPLY,
            title=f"A teacher replied to the note on the visit of {day} ({visit.walk.title})",
            url=reverse("feedback:draft", kwargs={"observation_pk": reply.feedback.observation_id}),
            event_key=f"reply:{reply.pk}",
            created_at=reply.created_at,
        )
    for concern in Concern.objects.filter(school=school).order_by("-created_at", "-pk")[:4]:
        _add(
            rows,
            recipient=sendco,
            kind=Kind.CONCERN_RAISED,
            title="A member of staff raised a concern about a pupil",
            url=reverse("pupils:concern_triage", kwargs={"pk": concern.pk}),
            event_key=f"concern:{concern.pk}:raised",
            created_at=concern.created_at,
        )
    morning = timezone.make_aware(datetime.combine(today, time(6, 30)))
    _add(
        rows,
        recipient=sendco,
        kind=Kind.DATES_DUE,
        title="Due within a week: 2 profile reviews, 1 EHC annual review",
        url=reverse("shell:dashboard"),
        event_key=f"dates_due:{today.isoformat()}",
        created_at=min(morning, timezone.now() - timedelta(minutes=5)),
    )
    for person in (teacher, sendco):
        theirs = sorted(
            (row for row in rows if row["recipient"] == person), key=lambda r: r["created_at"]
        )
        for n, row in enumerate(theirs):
            read = n < len(theirs) - UNREAD
            Notification.objects.get_or_create(
                recipient=person,
                event_key=row["event_key"],
                defaults={
                    "school": school,
                    "kind": row["kind"],
                    "title": row["title"],
                    "url": row["url"],
                    "created_at": row["created_at"],
                    "emailed_at": row["created_at"],
                    "read_at": row["created_at"] + timedelta(hours=2) if read else None,
                },
            )
