"""The termly report made by the schedule when a term ends, and SLT told.

Once per school and term: a scheduled version for that term is made once
(a second run of the beat task finds it and makes nothing). When it is
done each senior leader gets a notification whose email carries a link to
the document's page, never the file.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from notifications.models import Kind
from notifications.services import notification_send
from reports.models import ReportDocument
from reports.periods import term_just_ended
from reports.registry import kind_for
from reports.services import document_request
from schools.models import Role, School, User

SCHEDULED_KIND = "termly"


def termly_reports_make(*, today: date) -> int:
    kind = kind_for(SCHEDULED_KIND)
    if kind is None:
        return 0
    made = 0
    for school in School.objects.order_by("pk"):
        period = term_just_ended(school, today)
        if period is None:
            continue
        exists = ReportDocument.objects.filter(
            school=school, kind=kind.key, period_key=period.key, scheduled=True
        ).exists()
        if not exists:
            document_request(
                school=school, kind=kind, period=period, requested_by=None, scheduled=True
            )
            made += 1
    return made


def tell_slt(document: ReportDocument) -> None:
    kind = kind_for(document.kind)
    title = f"{kind.title if kind else 'A report'} for {document.period_label} is ready"
    url = reverse("reports:document", kwargs={"pk": document.pk})
    for person in User.objects.in_school(document.school_id, Role.SLT).filter(is_active=True):
        notification_send(
            recipient=person,
            kind=Kind.REPORT_READY,
            title=title,
            url=url,
            event_key=f"report:{document.pk}:ready",
            school=document.school_id,
        )
