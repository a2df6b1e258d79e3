from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, sign_in, sign_out

DEMO_HOMES = [
    ("sendco@demo.test", "SENDCo dashboard", "/dashboard/"),
    ("slt@demo.test", "Reports", "/reports/"),
    ("teacher@demo.test", "My classes and walk notes", "/pupils/my-classes/"),
    ("teacher2@demo.test", "My classes and walk notes", "/pupils/my-classes/"),
    ("ta@demo.test", "My classes and walk notes", "/pupils/my-classes/"),
    ("governor@demo.test", "SEND summaries", "/reports/summaries/"),
    ("admin@demo.test", "School settings", "/school/settings/"),
    ("sendco@other.test", "SENDCo dashboard", "/dashboard/"),
]


@pytest.fixture
def demo_school(transactional_db) -> None:
    call_command("seed_demo", verbosity=0)


def test_sign_in_page_has_no_axe_violations(live_server, page, transactional_db) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to sendit")
    assert_no_axe_violations(page)


def test_wrong_password_shows_a_clear_error_by_keyboard(live_server, page, demo_school) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_label("Email address").fill("teacher@demo.test")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_label("Email address")).to_have_value("teacher@demo.test")
    assert_no_axe_violations(page)


def test_each_demo_role_signs_in_and_sees_its_home(live_server, browser, demo_school) -> None:
    for email, heading, path in DEMO_HOMES:
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, live_server, email, "sendit-demo")
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert page.locator("h1").count() == 1
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        assert_no_axe_violations(page)
        sign_out(page)
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        context.close()


def test_signed_out_visitor_is_sent_to_sign_in(live_server, page, transactional_db) -> None:
    page.goto(f"{live_server.url}/pupils/register/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/pupils/register/"))
