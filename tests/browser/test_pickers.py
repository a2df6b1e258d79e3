"""Pickers that scale (#10): the profile's strategies are reordered with
"Move up" / "Move down" buttons and added one line at a time, by keyboard,
with JavaScript and without. In real Chromium, checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pupils.models import PupilProfile, Strategy
from schools.models import Role
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, make_profile, make_pupil, make_school, make_user

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def profile_scene(transactional_db):
    school = make_school("Ladder Academy")
    sendco = make_user(school, Role.SENDCO, email="sendco@ladder.test")
    pupil = make_pupil(school, legal_first_name="Robin", legal_last_name="Ladder")
    profile = make_profile(
        pupil, strategies=["Sit near the door", "Use a timer", "Check in at the start"]
    )
    return sendco, pupil, profile


def _active(profile: PupilProfile) -> list[str]:
    return list(
        Strategy.objects.filter(profile=profile, is_active=True)
        .order_by("position")
        .values_list("text", flat=True)
    )


def _shown(page) -> list[str]:
    return page.locator("[data-lines='strategies'] [data-line-text]").evaluate_all(
        "els => els.map(e => e.value)"
    )


def test_reorder_and_add_strategies_by_keyboard(profile_scene, live_server, browser) -> None:
    sendco, pupil, profile = profile_scene
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server, sendco.email, PASSWORD)
    page.goto(live_server.url + reverse("pupils:profile_edit", args=[pupil.pk]))

    down = page.get_by_role("button", name="Move Sit near the door down")
    down.focus()
    page.keyboard.press("Enter")
    assert _shown(page)[:3] == ["Use a timer", "Sit near the door", "Check in at the start"]
    # Focus follows the moved row; the move is announced.
    expect(page.get_by_role("button", name="Move Sit near the door down")).to_be_focused()
    status = page.locator("[data-lines='strategies'] [role=status]")
    expect(status).to_have_text("Sit near the door moved down to position 2 of 4.")
    page.keyboard.press("Space")  # again, to position 3
    expect(status).to_have_text("Sit near the door moved down to position 3 of 4.")
    page.keyboard.press("Shift+Tab")  # its own "Move up"
    expect(page.get_by_role("button", name="Move Sit near the door up")).to_be_focused()

    # Moving the top line up is not offered; at the top, focus stays on the row.
    page.get_by_role("button", name="Move Use a timer up").is_disabled()
    page.get_by_role("button", name="Move Check in at the start up").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Move Check in at the start down")).to_be_focused()

    # As many lines as needed: each "Add another strategy" adds one and focuses it.
    page.get_by_role("button", name="Add another strategy").focus()
    page.keyboard.press("Enter")
    page.keyboard.type("Give a job to do")
    page.get_by_role("button", name="Add another strategy").click()
    expect(page.get_by_label("Strategy 6 (new)")).to_be_focused()
    page.keyboard.type("Movement break at half time")
    expect(page.get_by_role("button", name="Move Movement break at half time up")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_text("The profile of")).to_be_visible()
    assert _active(profile) == [
        "Check in at the start",
        "Use a timer",
        "Sit near the door",
        "Give a job to do",
        "Movement break at half time",
    ]
    context.close()


def test_without_javascript_the_buttons_submit_and_nothing_is_lost(
    profile_scene, live_server, browser
) -> None:
    sendco, pupil, profile = profile_scene
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, sendco.email, PASSWORD)
    page.goto(live_server.url + reverse("pupils:profile_edit", args=[pupil.pk]))
    page.get_by_label("About me").fill("Typed before moving")
    page.get_by_role("button", name="Move Check in at the start up").click()
    page.wait_for_load_state()
    assert _shown(page) == ["Sit near the door", "Check in at the start", "Use a timer", ""]
    expect(page.get_by_label("About me")).to_have_value("Typed before moving")
    expect(page.locator("[data-lines='strategies'] [role=status]")).to_have_text(
        "Check in at the start moved up to position 2 of 4."
    )
    page.get_by_role("button", name="Add another strategy").click()
    page.wait_for_load_state()
    assert _shown(page) == ["Sit near the door", "Check in at the start", "Use a timer", "", ""]
    # Enter in a line saves the profile (it does not press the first "Move" button).
    page.get_by_label("Strategy 5 (new)").fill("Print the slides")
    page.get_by_label("Strategy 5 (new)").press("Enter")
    page.wait_for_load_state()
    assert re.search(rf"/pupils/{pupil.pk}/?$", page.url), page.url
    assert _active(profile) == [
        "Sit near the door",
        "Check in at the start",
        "Use a timer",
        "Print the slides",
    ]
    profile.refresh_from_db()
    assert profile.about_me == "Typed before moving"
    context.close()
