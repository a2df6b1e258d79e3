"""The checklist's PDF made by a real Celery worker on the broker: its text
(pdftotext) holds the answers and actions recorded in the browser's place."""

from __future__ import annotations

import time

import pytest

from reports.models import ReportDocument
from reports.services import storage_path
from reports.tests.test_checklist_pdf import (
    ask,
    assert_holds_the_checklist,
    pdf_text,
    recorded_checklist,
)
from tests.test_worker import real_worker  # noqa: F401 (a fixture)

pytestmark = pytest.mark.worker


@pytest.fixture
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT


def test_a_real_worker_makes_the_checklist_pdf(
    transactional_db,
    cast,
    reports_root,
    real_worker,  # noqa: F811
) -> None:
    checklist, item = recorded_checklist(cast)
    document = ask(cast, checklist)  # queued on commit: autocommit here
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.is_finished:
            break
        time.sleep(0.3)
    assert document.status == ReportDocument.Status.DONE, document.failure or document.status
    assert document.worker  # made in the worker
    assert_holds_the_checklist(pdf_text(storage_path(document)), item)
