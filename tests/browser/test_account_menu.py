"""The account menu in the header (#10): a button that shows and hides the
list of what a person can do with their account (change password, email
preferences, switch school for someone with several, sign out), by keyboard;
without JavaScript a link to the account page, which lists the same. In real
Chromium, checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schools.models import Role
from tests.browser.conftest import (
    assert_no_axe_violations,
    assert_no_axe_violations_as_rendered,
    sign_in,
)
from tests.factories import PASSWORD, make_membership, make_school, make_user

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def people(transactional_db):
    north = make_school("Northgate Academy")
    south = make_school("Southfield Primary")
    shared = make_user(north, Role.SENDCO, email="shared@menu.test")
    make_membership(shared, south, Role.SENDCO)
    teacher = make_user(north, Role.TEACHER, email="teacher@menu.test")
    return shared, teacher, south


def _choose(page, school_name: str) -> None:
    """Someone with several schools chooses one after signing in."""
    page.get_by_label(re.compile(school_name)).check()
    page.get_by_role("button", name="Work in this school").click()
    page.wait_for_load_state()


def test_the_menu_by_keyboard_and_switching_school(live_server, browser, people) -> None:
    shared, teacher, south = people
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server, shared.email, PASSWORD)
    _choose(page, "Northgate Academy")
    header = page.get_by_role("banner")
    button = header.get_by_role("button", name="Your account")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(header.get_by_role("link", name="Your account")).to_be_hidden()
    menu = page.locator("#account-menu")
    expect(button).to_have_attribute("aria-controls", "account-menu")
    expect(menu).to_be_hidden()

    # Open with the keyboard: every entry is there, in order.
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Change your password")).to_be_visible()
    expect(menu.get_by_role("link", name="Email preferences")).to_be_visible()
    expect(menu.get_by_text("Switch school")).to_be_visible()
    expect(menu.get_by_role("button", name="Work in Southfield Primary")).to_be_visible()
    expect(menu.get_by_role("button", name="Sign out")).to_be_visible()
    assert_no_axe_violations(page)
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Change your password")).to_be_focused()
    # Escape closes it and gives focus back to the button.
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    # Space opens it again; a click elsewhere closes it.
    page.keyboard.press("Space")
    expect(menu).to_be_visible()
    page.get_by_role("heading", level=1).click()
    expect(menu).to_be_hidden()

    # Switch school from the menu, by keyboard.
    button.focus()
    page.keyboard.press("Enter")
    menu.get_by_role("button", name="Work in Southfield Primary").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    button = page.get_by_role("banner").get_by_role("button", name="Your account")
    button.click()
    expect(page.locator("#account-menu")).to_contain_text("Southfield Primary")
    expect(
        page.locator("#account-menu").get_by_role("button", name="Work in Northgate Academy")
    ).to_be_visible()

    # Sign out from the menu: back to sign-in.
    page.locator("#account-menu").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    context.close()

    # Someone with one school has no "Switch school".
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server, teacher.email, PASSWORD)
    page.get_by_role("banner").get_by_role("button", name="Your account").click()
    expect(
        page.locator("#account-menu").get_by_role("link", name="Email preferences")
    ).to_be_visible()
    expect(page.locator("#account-menu").get_by_text("Switch school")).to_have_count(0)
    context.close()


def test_without_javascript_the_menu_is_the_account_page(live_server, browser, people) -> None:
    shared, teacher, south = people
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, shared.email, PASSWORD)
    _choose(page, "Northgate Academy")
    header = page.get_by_role("banner")
    expect(header.get_by_role("button", name="Your account")).to_be_hidden()
    header.get_by_role("link", name="Your account").click()
    expect(page).to_have_url(live_server.url + reverse("shell:account"))
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Change your password")).to_be_visible()
    expect(main.get_by_role("link", name="Email preferences")).to_be_visible()
    expect(main.get_by_role("button", name="Work in Southfield Primary")).to_be_visible()
    assert_no_axe_violations_as_rendered(browser, page)
    main.get_by_role("button", name="Work in Southfield Primary").click()
    page.wait_for_load_state()
    page.get_by_role("banner").get_by_role("link", name="Your account").click()
    expect(page.get_by_role("main")).to_contain_text("Southfield Primary")
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    context.close()
