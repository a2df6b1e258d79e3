"""The SEND calendar in real Chromium: month, week, agenda and overdue pages pass
axe-core, on a tablet and on a 390px phone; keyboard only, the SENDCo adds a
date and finds it in the month."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import TABLET, assert_no_axe_violations, sign_in

PHONE = {"width": 390, "height": 844}
PAGES = ["calendar:month", "calendar:week", "calendar:agenda", "calendar:overdue"]


@pytest.fixture
def demo_school(transactional_db) -> None:
    call_command("seed_demo", verbosity=0)


# The elements that reach past the screen's right edge (for the message).
TOO_WIDE = """() => Array.from(document.querySelectorAll("body *"))
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5)
  .map((e) => `${e.tagName}.${e.className} to ${Math.round(e.getBoundingClientRect().right)}px`)"""


def _too_wide(page) -> list[str]:
    return page.evaluate(TOO_WIDE)


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_calendar_pages_pass_axe(live_server, browser, demo_school, viewport) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    sign_in(page, live_server, "sendco@demo.test", settings.DEMO_PASSWORD)
    for name in PAGES:
        page.goto(f"{live_server.url}{reverse(name)}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page)
        # Nothing wider than the screen: readable without scrolling sideways.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name} is {width}px wide: {_too_wide(page)}"
    # Today is marked in the month, and a bad month is explained, not an error.
    page.goto(f"{live_server.url}{reverse('calendar:month')}")
    expect(page.locator('[aria-current="date"]')).to_have_count(1)
    page.goto(f"{live_server.url}{reverse('calendar:month')}?month=2026-13")
    expect(page.get_by_text("That month is not one sendit knows")).to_be_visible()
    assert_no_axe_violations(page)
    context.close()


def test_a_teachers_calendar_and_subscribe_page(live_server, browser, demo_school) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server, "teacher@demo.test", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('calendar:agenda')}")
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}{reverse('calendar:subscribe')}")
    address = page.get_by_label("Your calendar address (keep it to yourself)").input_value()
    assert address.startswith(f"{live_server.url}/calendar/feed/") and address.endswith(".ics")
    link = page.get_by_role("link", name="Subscribe in your calendar app")
    assert link.get_attribute("href").startswith("webcal://")
    assert_no_axe_violations(page)
    context.close()


def test_the_sendco_adds_a_date_by_keyboard(live_server, browser, demo_school) -> None:
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, "sendco@demo.test", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('calendar:month')}")
    page.get_by_role("link", name="Add a date").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a date")
    page.get_by_label("Title").focus()
    page.keyboard.type("Coffee morning for parents")
    page.get_by_label("First day").fill("2026-05-14")
    page.get_by_label("Last day").fill("2026-05-13")
    page.get_by_role("button", name="Add the date").focus()
    page.keyboard.press("Enter")
    # The end before the start: said in the summary and at the field, nothing lost.
    expect(page.get_by_role("alert")).to_contain_text(
        "The last day must be on or after the first day"
    )
    expect(page.get_by_label("Title")).to_have_value("Coffee morning for parents")
    assert_no_axe_violations(page)
    page.get_by_label("Last day").fill("2026-05-14")
    page.get_by_label("Parents (shown on the parents' key dates)").check()
    page.get_by_role("button", name="Add the date").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coffee morning for parents")
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}{reverse('calendar:month')}?month=2026-05")
    expect(page.get_by_role("link", name="Coffee morning for parents")).to_be_visible()
    context.close()
