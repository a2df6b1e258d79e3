"""The schedule makes the termly report once when a term has ended and tells SLT by a link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from notifications.models import Kind, Notification
from reports.models import ReportDocument
from reports.periods import current_term
from reports.schedule import termly_reports_make


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"


def test_a_term_just_ended_gets_its_report_once_and_slt_a_link(
    cast, django_capture_on_commit_callbacks
) -> None:
    from datetime import date

    term = current_term(cast.school, date(2026, 1, 20))
    day_after = term.end + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        made = termly_reports_make(today=day_after)
    assert made >= 1
    document = ReportDocument.objects.get(school=cast.school, scheduled=True)
    assert document.period_key == term.key and document.status == "done", document.failure
    note = Notification.objects.get(recipient=cast.slt, kind=Kind.REPORT_READY)
    assert note.url == f"/reports/documents/{document.pk}/"
    sent = [m for m in mail.outbox if cast.slt.email in m.to]
    assert len(sent) == 1 and "/notifications/" in sent[0].body
    assert not sent[0].attachments  # a link, never the file
    with django_capture_on_commit_callbacks(execute=True):
        termly_reports_make(today=day_after + timedelta(days=1))
    assert ReportDocument.objects.filter(school=cast.school, scheduled=True).count() == 1
