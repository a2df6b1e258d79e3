"""The SENDCo reads the record of changes and filters it by keyboard; axe
finds nothing on the page, with and without a filter."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from audit.models import ChangeKind, ChangeRecord
from schools.models import Role
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, make_school, make_user


@pytest.fixture
def school(transactional_db):
    school = make_school("Hillside Academy")
    sendco = make_user(school, Role.SENDCO, email="sendco@hill.test")
    admin = make_user(school, Role.SCHOOL_ADMIN, email="admin@hill.test")
    for kind, actor in ((ChangeKind.RECORD_CHANGED, sendco), (ChangeKind.RECORD_DELETED, admin)):
        ChangeRecord.objects.create(
            school=school,
            actor=actor,
            kind=kind,
            target="Assessment 7",
            details={"model": "pupils.assessment", "id": 7, "fields": ["taken_on"]},
            ip="192.0.2.7",
        )
    return school


def test_sendco_reads_and_filters_the_record(live_server, page, school) -> None:
    sign_in(page, live_server, "sendco@hill.test", PASSWORD)
    page.goto(f"{live_server.url}/audit/record-of-changes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record of changes")
    expect(page.get_by_role("row")).to_have_count(3)
    assert_no_axe_violations(page)
    page.get_by_label("Kind of change").select_option("record_deleted")
    page.get_by_label("Kind of change").focus()
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Show").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("row")).to_have_count(2)
    expect(page.get_by_role("cell", name="Deleted")).to_be_visible()
    assert_no_axe_violations(page)
