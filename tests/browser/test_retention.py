"""The school admin sets the retention periods by keyboard (a mistake shown
next to the field and in the summary), the SENDCo reads them and the runs;
axe finds nothing on either view of the page."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from schools.models import RetentionPolicy, RetentionRun, Role
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, make_school, make_user


@pytest.fixture
def school(transactional_db):
    school = make_school("Hillside Academy")
    make_user(school, Role.SENDCO, email="sendco@hill.test")
    make_user(school, Role.SCHOOL_ADMIN, email="admin@hill.test")
    RetentionRun.objects.create(
        school=school,
        trigger=RetentionRun.Trigger.SCHEDULE,
        applied_on=date(2026, 11, 30),
        removed={"leavers": 2, "observations": 5, "change_records": 0, "record_reads": 0},
    )
    return school


def test_admin_sets_the_periods_by_keyboard(live_server, page, school) -> None:
    sign_in(page, live_server, "admin@hill.test", PASSWORD)
    page.goto(f"{live_server.url}/school/retention/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Retention")
    assert_no_axe_violations(page)
    field = page.get_by_label("Record of reading: years")
    field.focus()
    field.fill("3")
    page.keyboard.press("Enter")  # submits the form from the field
    expect(page.locator(".alert-danger, [role=alert]").first).to_be_visible()
    expect(page.get_by_text("Choose between 6 and 30.").first).to_be_visible()
    assert_no_axe_violations(page)
    field = page.get_by_label("Record of reading: years")
    expect(field).to_have_value("3")  # what was typed is kept
    field.fill("8")
    page.get_by_label("Learning-walk notes: years after the visit").fill("4")
    page.get_by_role("button", name="Save periods").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Retention periods saved.")).to_be_visible()
    policy = RetentionPolicy.objects.get(school=school)
    assert (policy.read_audit_years, policy.observation_years) == (8, 4)
    expect(page.get_by_role("cell", name="4 years after the visit")).to_be_visible()


def test_sendco_reads_the_periods_and_the_runs(live_server, page, school) -> None:
    sign_in(page, live_server, "sendco@hill.test", PASSWORD)
    page.goto(f"{live_server.url}/school/settings/")
    page.get_by_role("link", name="Retention").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Retention")
    expect(page.get_by_role("button", name="Save periods")).to_have_count(0)
    expect(page.get_by_text("SEND records of pupils who left: 2")).to_be_visible()
    assert_no_axe_violations(page)
