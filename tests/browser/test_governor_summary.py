"""The governor summary page for the demo school in real Chromium: the questions in
order, each section's tables, the wide table scrolled by keyboard, axe clean at
tablet width and at 390px with no sideways scroll of the page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import TABLET, assert_no_axe_violations, sign_in


@pytest.fixture
def demo_school(transactional_db) -> None:
    call_command("seed_demo", verbosity=0)


def test_a_governor_reads_the_summary(live_server, browser, demo_school) -> None:
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, "governor@demo.test", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/reports/summaries/")
    headings = page.get_by_role("heading", level=2)
    expect(headings.nth(0)).to_have_text("Who are the pupils with SEND?")
    expect(headings.nth(1)).to_have_text("What provision do they get, and does it work?")
    expect(headings.nth(2)).to_have_text("How do they attend?")
    expect(page.get_by_role("table", name="Interventions by wave")).to_be_visible()
    expect(page.get_by_role("table", name="Changes on the register")).to_be_visible()
    expect(page.get_by_role("table", name="EHC needs assessments requested")).to_be_visible()
    assert_no_axe_violations(page)
    region = page.get_by_role("region", name="Attendance and suspensions")
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)
    context.close()
