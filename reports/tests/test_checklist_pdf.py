"""The checklist's PDF through the reports pipeline (in-process here; with a real
worker in tests/test_worker_checklist.py)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.checklist.periods import current_half_term, previous_half_term
from reports.checklist.services import action_add, checklist_open, item_answer_save
from reports.models import ReportDocument
from reports.periods import period_from_key
from reports.registry import kind_for
from reports.services import document_request, storage_path


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT


def pdf_text(path: Path) -> str:
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", text)


def recorded_checklist(cast):
    """This half-term's checklist with an answer and an action, and last half-term's
    with an action still open."""
    today = timezone.localdate()
    half = current_half_term(cast.school, today)
    before = previous_half_term(cast.school, half)
    assert before is not None
    earlier = checklist_open(school=cast.school, half=before, today=before.start)
    action_add(
        checklist=earlier,
        text="Audit the skills of the teaching assistants",
        owner=cast.sendco,
        due_on=None,
        user=cast.slt,
    )
    checklist = checklist_open(school=cast.school, half=half, today=today)
    item = checklist.items.order_by("position").first()
    item_answer_save(
        item=item,
        answer="Reviews are booked for every year group; Year 9 are late.",
        user=cast.slt,
        base_version=item.version,
    )
    action_add(
        checklist=checklist,
        text="Chase the Year 9 reviews with heads of year",
        owner=cast.slt,
        due_on=today,
        user=cast.slt,
    )
    return checklist, item


def ask(cast, checklist):
    kind = kind_for("checklist")
    period = period_from_key(cast.school, checklist.period_key)
    assert kind is not None and period is not None
    return document_request(school=cast.school, kind=kind, period=period, requested_by=cast.slt)


def assert_holds_the_checklist(text: str, item) -> None:
    assert "Line-management checklist" in text
    assert item.text[:60] in text
    assert "Reviews are booked for every year group; Year 9 are late." in text
    assert "Chase the Year 9 reviews with heads of year" in text
    assert "Carried from earlier half-terms" in text
    assert "Audit the skills of the teaching assistants" in text
    assert "Page 1 of" in text


def test_the_pdf_holds_the_answers_actions_and_evidence(cast, django_capture_on_commit_callbacks):
    checklist, item = recorded_checklist(cast)
    with django_capture_on_commit_callbacks(execute=True):
        document = ask(cast, checklist)
    document.refresh_from_db()
    assert document.status == ReportDocument.Status.DONE, document.failure
    text = pdf_text(storage_path(document))
    assert_holds_the_checklist(text, item)
    assert "From the records" in text


def test_a_past_half_term_without_a_checklist_fails_with_a_reason(
    cast, django_capture_on_commit_callbacks
):
    half = current_half_term(cast.school, timezone.localdate())
    before = previous_half_term(cast.school, half)
    assert before is not None
    kind = kind_for("checklist")
    period = period_from_key(cast.school, before.key)
    assert kind is not None and period is not None
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(
            school=cast.school, kind=kind, period=period, requested_by=cast.sendco
        )
    document.refresh_from_db()
    assert document.status == ReportDocument.Status.FAILED
    assert document.failure == f"No checklist was kept for {before.label}."


def test_asked_for_from_the_checklist_page(cast, client, django_capture_on_commit_callbacks):
    checklist, _ = recorded_checklist(cast)
    client.force_login(cast.sendco)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:request"), {"kind": "checklist", "period": checklist.period_key}
        )
    document = ReportDocument.objects.get(kind="checklist")
    assert response.url == reverse("reports:document", kwargs={"pk": document.pk})
    page = client.get(reverse("reports:checklist")).content.decode()
    assert reverse("reports:document", kwargs={"pk": document.pk}) in page
