"""Two-step sign-in and the sign-in throttle (#14), in real Chromium.

The SENDCo cannot reach the register until an authenticator app is set up
(the code is computed from the setup key the page shows, as an app would),
then signs in with a code from it. Ten wrong passwords for one account from
one address refuse that account from that address for a while, while other
staff on the same address still sign in. The pages pass axe and work by
keyboard.
"""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from audit.models import SecurityEvent, SecurityKind
from schools.models import Role
from tests.browser.conftest import (
    assert_no_axe_violations,
    enter_sign_in_code,
    sign_in,
    sign_out,
)
from tests.factories import PASSWORD, make_school, make_user
from tests.mfa import code_for, totp_code


@pytest.fixture
def staff(transactional_db):
    school = make_school("Hollybank Academy")
    sendco = make_user(school, Role.SENDCO, email="sendco@hollybank.test")
    # A SENDCo new to sendit: no authenticator app yet.
    Authenticator.objects.filter(user=sendco).delete()
    teacher = make_user(school, Role.TEACHER, email="teacher@hollybank.test")
    colleague = make_user(school, Role.TEACHER, email="colleague@hollybank.test")
    leader = make_user(school, Role.SLT, email="slt@hollybank.test")
    return sendco, teacher, colleague, leader


def test_the_sendco_sets_up_two_step_sign_in_before_the_register(live_server, page, staff) -> None:
    sendco = staff[0]
    sign_in(page, live_server, sendco.email, PASSWORD)
    # Sent to the setup, which says why.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(page.locator(".alert-info")).to_contain_text("You need this before you can carry on")
    assert_no_axe_violations(page)
    # The register is out of reach until it is done.
    page.goto(f"{live_server.url}/pupils/register/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))

    # A wrong code: the message is next to the field and in the summary.
    field = page.get_by_label("Code from the app")
    field.focus()
    page.keyboard.type("000000")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.locator("#id_code-error")).to_be_visible()
    assert_no_axe_violations(page)

    # The app's code, computed from the setup key on the page, by keyboard.
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code from the app").focus()
    page.keyboard.type(totp_code(secret))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(
        page.get_by_role("list", name="Unused recovery codes").get_by_role("listitem")
    ).to_have_count(10)
    assert_no_axe_violations(page)
    added = SecurityEvent.objects.filter(user=sendco, kind=SecurityKind.MFA_ADDED)
    assert sorted(event.details["type"] for event in added) == ["recovery_codes", "totp"]

    # Now the register opens.
    page.goto(f"{live_server.url}/pupils/register/")
    expect(page.get_by_role("heading", level=1)).to_have_text("SEND register")

    # Signing in again asks for a code after the password.
    sign_out(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(sendco.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    assert_no_axe_violations(page)
    enter_sign_in_code(page, "123456" if code_for(sendco.email) != "123456" else "654321")
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_no_axe_violations(page)
    enter_sign_in_code(page, code_for(sendco.email))
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    page.goto(f"{live_server.url}/pupils/register/")
    expect(page.get_by_role("heading", level=1)).to_have_text("SEND register")

    # The account page: two-step sign-in is on and, for a SENDCo, stays on.
    page.goto(f"{live_server.url}/accounts/2fa/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    expect(page.get_by_text("Your role at school needs two-step sign-in")).to_be_visible()
    expect(page.get_by_role("link", name="Turn off two-step sign-in")).to_have_count(0)
    assert_no_axe_violations(page)


def test_ten_wrong_passwords_lock_one_account_from_one_address_only(
    live_server, browser, staff
) -> None:
    _, teacher, colleague, leader = staff
    page = browser.new_page()
    for _ in range(10):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email address").fill(teacher.email)
        page.get_by_label("Password").fill("a wrong guess")
        page.get_by_label("Password").press("Enter")
        page.wait_for_load_state()
        expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    # The right password now is refused, from this address, for a while.
    sign_in(page, live_server, teacher.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("alert")).to_contain_text("Too many failed login attempts")
    assert_no_axe_violations(page)
    assert SecurityEvent.objects.filter(user=teacher, kind=SecurityKind.LOCKED_OUT).count() == 1
    page.close()

    # Other staff on the same address sign in: a teacher, and a senior
    # leader with their code.
    for person, home in ((colleague, r"/pupils/my-classes/$"), (leader, r"/reports/$")):
        context = browser.new_context()
        other = context.new_page()
        sign_in(other, live_server, person.email, PASSWORD)
        expect(other).to_have_url(re.compile(home))
        context.close()
