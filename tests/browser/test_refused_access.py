"""The school admin reads the refused lookups and filters them by keyboard;
axe finds nothing on the page, with and without a filter."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from audit.models import SecurityEvent, SecurityKind
from schools.models import Role
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, make_school, make_user


@pytest.fixture
def school(transactional_db):
    school = make_school("Hillside Academy")
    make_user(school, Role.SCHOOL_ADMIN, email="admin@hill.test")
    teacher = make_user(school, Role.TEACHER, email="teacher@hill.test")
    for model, pk in (("pupils.pupil", 41), ("walks.learningwalk", 7)):
        SecurityEvent.objects.create(
            kind=SecurityKind.ACCESS_REFUSED,
            user=teacher,
            email=teacher.email,
            school=school,
            ip="192.0.2.7",
            details={"model": model, "id": pk, "page": "x", "path": f"/x/{pk}/"},
        )
    return school


def test_admin_reads_and_filters_the_refusals(live_server, page, school) -> None:
    sign_in(page, live_server, "admin@hill.test", PASSWORD)
    page.goto(f"{live_server.url}/audit/record-of-changes/")
    page.get_by_role("link", name="Refused access").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Refused access")
    expect(page.get_by_role("row")).to_have_count(3)
    assert_no_axe_violations(page)
    page.get_by_label("Record", exact=True).select_option("walks.learningwalk")
    page.get_by_role("button", name="Show").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("row")).to_have_count(2)
    expect(page.get_by_role("cell", name="Learning walk 7")).to_be_visible()
    assert_no_axe_violations(page)
