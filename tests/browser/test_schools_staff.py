"""The school admin adds a member of staff and deactivates a leaver; the
SENDCo confirms a senior-leader grant. axe finds nothing on the staff pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from schools.models import Role, RoleGrant, User
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, make_school, make_user


@pytest.fixture
def school(transactional_db):
    school = make_school("Hillside Academy")
    admin = make_user(
        school, Role.SCHOOL_ADMIN, email="admin@hill.test", first_name="Sam", last_name="Admin"
    )
    make_user(school, Role.SENDCO, email="sendco@hill.test", first_name="Rae", last_name="Sendco")
    make_user(
        school,
        Role.TEACHER,
        email="leaver@hill.test",
        first_name="Lee",
        last_name="Leaver",
        department="History",
    )
    return school, admin


def test_admin_adds_staff_and_deactivates_a_leaver(live_server, page, school) -> None:
    sign_in(page, live_server, "admin@hill.test", PASSWORD)
    page.goto(f"{live_server.url}/school/staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff and roles")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Add a member of staff").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Add this member of staff").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_no_axe_violations(page)
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Brook")
    page.get_by_label("Email address").fill("nia@hill.test")
    page.get_by_label("Department").fill("Science")
    page.get_by_label("Teacher", exact=True).check()
    page.get_by_label("Senior leader").check()
    page.get_by_role("button", name="Add this member of staff").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nia Brook")
    expect(page.get_by_text("waiting for another SENDCo or senior leader")).to_be_visible()
    assert_no_axe_violations(page)
    nia = User.objects.get(email="nia@hill.test")
    assert nia.is_teacher and not nia.is_slt
    assert RoleGrant.objects.get(user=nia).is_pending

    page.goto(f"{live_server.url}/school/staff/")
    page.get_by_label("Name, email or department").fill("history")
    page.get_by_role("button", name="Show staff").click()
    page.get_by_role("link", name="Lee Leaver").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Deactivate Lee Leaver").click()
    expect(page.get_by_text("This account is deactivated")).to_be_visible()
    assert_no_axe_violations(page)
    assert not User.objects.get(email="leaver@hill.test").is_active


def test_sendco_confirms_a_grant(live_server, page, school) -> None:
    _, admin = school
    member = make_user(admin.school, Role.TEACHER, first_name="Tia", last_name="Next")
    RoleGrant.objects.create(school=admin.school, user=member, role=Role.SLT, requested_by=admin)
    sign_in(page, live_server, "sendco@hill.test", PASSWORD)
    page.goto(f"{live_server.url}/school/role-grants/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirm Senior leader for Tia Next").click()
    expect(page.get_by_text("You confirmed Senior leader for Tia Next")).to_be_visible()
    member.refresh_from_db()
    assert member.is_slt
    assert_no_axe_violations(page)
