"""Asking for a report and following its progress, in real Chromium with axe."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from reports.models import ReportDocument
from schools.models import Role
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.factories import make_school, make_user

PASSWORD = "a-long-browser-password-7"


@pytest.fixture
def leader(transactional_db, settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    school = make_school("Browser Academy")
    person = make_user(school, Role.SLT, email="slt@browser.test")
    person.set_password(PASSWORD)
    person.save()
    return person


def test_request_by_keyboard_then_the_download_link(live_server, page, leader) -> None:
    sign_in(page, live_server, leader.email, PASSWORD)
    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    assert_no_axe_violations(page)
    page.get_by_label("Termly SEND report").focus()
    page.keyboard.press("Space")
    page.get_by_label("Term or half-term").focus()
    page.keyboard.press("Tab")  # to the button
    page.keyboard.press("Enter")
    # Tasks run in-process here: the document is made before the page comes back.
    expect(page.get_by_role("heading", level=1)).to_have_text("Termly SEND report", timeout=90_000)
    status = page.get_by_role("status").filter(has_text="Ready")
    expect(status).to_be_visible()
    expect(status.get_by_role("link", name="Download the PDF")).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        status.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.startswith("termly-")


def test_progress_is_polled_and_announced_politely(live_server, page, leader) -> None:
    document = ReportDocument.objects.create(
        school=leader.school,
        kind="termly",
        period_key="2025-autumn",
        period_label="Autumn term 2025 to 2026",
        version=1,
        requested_by=leader,
        steps_total=4,
    )
    sign_in(page, live_server, leader.email, PASSWORD)
    page.goto(f"{live_server.url}/reports/documents/{document.pk}/")
    region = page.locator("#document-status")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_contain_text("Waiting for the report worker")
    assert_no_axe_violations(page)
    ReportDocument.objects.filter(pk=document.pk).update(
        status="running", steps_done=2, step_label="Statutory work"
    )
    expect(region).to_contain_text("Step 3 of 4: Statutory work", timeout=10_000)
    assert_no_axe_violations(page)
    ReportDocument.objects.filter(pk=document.pk).update(
        status="failed",
        failure="The worker could not reach the database.",
        finished_at=timezone.now(),
    )
    expect(region).to_contain_text("could not reach the database", timeout=10_000)
    # The retry button comes with a reload (the region itself is what is announced).
    page.reload()
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    assert_no_axe_violations(page)
    assert settings.CELERY_TASK_ALWAYS_EAGER
