"""The pipeline in-process (eager): request, steps, PDF, download, retry, versions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import ReportDocument
from reports.periods import current_term, period_from_key
from reports.registry import kind_for
from reports.services import document_request, storage_path
from reports.tests.helpers import pdf_text


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT


def _ask(cast, key="termly", period="2025-autumn", who=None):
    kind = kind_for(key)
    assert kind is not None
    found = period_from_key(cast.school, period)
    assert found is not None
    return document_request(
        school=cast.school, kind=kind, period=found, requested_by=who or cast.sendco
    )


def test_a_requested_document_is_made_and_kept(cast, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        document = _ask(cast)
    document.refresh_from_db()
    assert document.status == ReportDocument.Status.DONE, document.failure
    assert document.steps_done == document.steps_total
    path = storage_path(document)
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    assert cast.school.name in text and "Termly SEND report" in text
    assert "Page 1 of" in text
    with django_capture_on_commit_callbacks(execute=True):
        again = _ask(cast)
    assert again.version == 2 and ReportDocument.objects.count() == 2
    assert path.exists()  # the old version stays


def test_the_page_the_download_and_who_may(cast, client, django_capture_on_commit_callbacks):
    client.force_login(cast.slt)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:request"),
            {"kind": "termly", "period": current_term(cast.school, timezone.localdate()).key},
        )
    document = ReportDocument.objects.get()
    assert response.url == reverse("reports:document", kwargs={"pk": document.pk})
    page = client.get(response.url).content.decode()
    assert "Download the PDF" in page
    status = client.get(reverse("reports:status", kwargs={"pk": document.pk}))
    assert status.status_code == 286  # htmx stops polling
    download = client.get(reverse("reports:download", kwargs={"pk": document.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    for person in (cast.governor, cast.teacher, cast.ta):
        client.force_login(person)
        assert (
            client.get(reverse("reports:download", kwargs={"pk": document.pk})).status_code == 404
        )


def test_a_failed_document_says_why_and_can_be_retried(
    cast, client, settings, django_capture_on_commit_callbacks
) -> None:
    settings.REPORT_MEMORY_LIMIT_MB = 40  # far too little for WeasyPrint
    with django_capture_on_commit_callbacks(execute=True):
        document = _ask(cast)
    document.refresh_from_db()
    assert document.status == ReportDocument.Status.FAILED
    assert "memory" in document.failure
    client.force_login(cast.sendco)
    page = client.get(reverse("reports:document", kwargs={"pk": document.pk})).content.decode()
    assert "could not be made" in page and "Try again" in page
    settings.REPORT_MEMORY_LIMIT_MB = 1536
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:retry", kwargs={"pk": document.pk}))
    document.refresh_from_db()
    assert document.status == ReportDocument.Status.DONE and document.version == 1
