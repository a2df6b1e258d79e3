"""Sessions in real Chromium (#14): the idle-timeout warning a little before
the end, "Stay signed in" keeping the session, the end itself with the typed
text kept; and Your signed-in devices by keyboard, checked with axe-core.
The timeouts are made short through the settings the live server reads."""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schools.models import Role
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, make_group, make_pupil, make_school, make_user

DESKTOP = {"width": 1280, "height": 900}
IPAD = (
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
STATUS = """async () => {
  const r = await fetch("/accounts/session/", {
    headers: {"X-Sendit-Passive": "1", Accept: "application/json"}, redirect: "manual"});
  return r.type === "opaqueredirect" ? null : await r.json();
}"""


@pytest.fixture
def teacher(transactional_db):
    school = make_school("Timeout Academy")
    teacher = make_user(school, Role.TEACHER, email="teacher@timeout.test")
    make_group(school, teachers=[teacher], pupils=[make_pupil(school, legal_first_name="Ari")])
    return teacher


def test_the_warning_stay_signed_in_and_the_end_with_the_text_kept(
    live_server, browser, teacher, settings
) -> None:
    settings.SESSION_IDLE_SECONDS = 14
    settings.SESSION_IDLE_WARNING_SECONDS = 8
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server, teacher.email, PASSWORD)
    url = live_server.url + reverse("pupils:concern_create")
    page.goto(url)
    loaded = time.monotonic()
    field = page.locator("textarea[name=noticed]")
    field.focus()

    # A little before the end (14 - 8 = 6 s on): the warning, focus on its button.
    dialog = page.get_by_role("alertdialog", name="You will be signed out in a minute")
    expect(dialog).to_be_visible(timeout=12_000)
    assert time.monotonic() - loaded >= 5
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    expect(dialog).to_have_attribute("aria-modal", "true")
    assert_no_axe_violations(page)
    page.keyboard.press("Tab")  # focus stays in the dialog
    expect(stay).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    stayed_at = time.monotonic()
    expect(field).to_be_focused()  # back where it was
    status = page.evaluate(STATUS)
    assert status is not None and status["seconds_left"] > 10

    # Typing is the person's activity: when the warning is due again (6 s
    # after staying) the session is kept without asking; the next one asks.
    text = "Ari covered his ears when the hall got loud and asked to leave."
    field.fill(text)
    while time.monotonic() - stayed_at < 9:
        expect(dialog).to_be_hidden()
        page.wait_for_timeout(500)
    status = page.evaluate(STATUS)
    assert status is not None and status["seconds_left"] > 8

    # Then nothing: the warning, and the end without leaving the page.
    ended = page.get_by_role("alertdialog", name="You have been signed out")
    expect(ended).to_be_visible(timeout=40_000)
    sign_in_again = ended.get_by_role("link", name="Sign in again")
    expect(sign_in_again).to_be_focused()
    expect(ended).to_contain_text("kept on this device")
    expect(field).to_have_value(text)
    assert page.evaluate(STATUS) is None  # ended on the server

    settings.SESSION_IDLE_SECONDS = 30 * 60
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.get_by_role("main")).to_contain_text("You were signed out because nothing happened")
    page.get_by_label("Email address").fill(teacher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(url)
    page.get_by_role("button", name="Restore it").click()
    expect(page.locator("textarea[name=noticed]")).to_have_value(text)
    context.close()


def test_your_signed_in_devices_by_keyboard(live_server, browser, teacher) -> None:
    other = browser.new_context(viewport=DESKTOP, user_agent=IPAD)
    ipad = other.new_page()
    sign_in(ipad, live_server, teacher.email, PASSWORD)

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server, teacher.email, PASSWORD)
    header = page.get_by_role("banner")
    menu = header.get_by_role("button", name="Your account")
    menu.focus()
    page.keyboard.press("Enter")
    link = header.get_by_role("link", name="Your signed-in devices")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your signed-in devices")
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="This device")).to_have_count(1)
    expect(rows.filter(has_text="Safari on iPad")).to_have_count(1)
    expect(rows.filter(has_text="Safari on iPad")).not_to_contain_text("This device")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Sign out everywhere else").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("main")).to_contain_text("Signed out on 1 other device")
    expect(rows).to_have_count(1)
    assert_no_axe_violations(page)
    ipad.reload()
    expect(ipad).to_have_url(re.compile(r"/accounts/login/"))

    page.get_by_role("button", name="Sign out everywhere", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("main")).to_contain_text("signed out on every device")
    page.goto(live_server.url + reverse("schools:devices"))
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    context.close()
    other.close()
