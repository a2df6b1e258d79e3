"""The provision grid, costs, hourly rates and impact pages in real Chromium, with
the demo school: reached from the menu, used by keyboard, and clean under axe."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from pupils.models import StaffRate
from tests.browser.conftest import TABLET, assert_no_axe_violations, sign_in


@pytest.fixture
def demo_school(transactional_db) -> None:
    call_command("seed_demo", verbosity=0)


def test_sendco_reads_the_grid_costs_and_impact_and_keeps_the_rates(
    live_server, browser, demo_school
) -> None:
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, "sendco@demo.test", settings.DEMO_PASSWORD)
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("link", name="Pupils").click()
    menu.get_by_role("link", name="Provision grid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Provision grid")
    grid = page.get_by_role("table")
    expect(grid.get_by_role("columnheader", name="Cognition and learning")).to_be_visible()
    expect(grid.get_by_role("rowheader", name="Year 7")).to_be_visible()
    assert_no_axe_violations(page)

    # Waves across the top, chosen by keyboard.
    page.get_by_label("Across the top").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Show").press("Enter")
    expect(page.get_by_role("columnheader", name="Wave 3: specialist, individual")).to_be_visible()
    assert "across=wave" in page.url
    assert_no_axe_violations(page)

    pages = page.get_by_role("navigation", name="Provision pages")
    pages.get_by_role("link", name="Costs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Provision costs")
    expect(page.get_by_role("table", name="Cost by wave")).to_be_visible()
    expect(page.get_by_role("term").filter(has_text="Cost to date")).to_be_visible()
    assert_no_axe_violations(page)

    pages.get_by_role("link", name="Cost per pupil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cost per pupil")
    assert_no_axe_violations(page)

    pages.get_by_role("link", name="Impact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Impact of provision")
    expect(page.get_by_text("Cost per pupil who made expected progress")).to_be_visible()
    expect(page.get_by_role("heading", name="Ended without every exit measure")).to_be_visible()
    assert_no_axe_violations(page)

    # The hourly rates: a negative rate is refused, says why, and keeps what was typed.
    pages.get_by_role("link", name="Hourly rates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hourly rates by role")
    rate = page.get_by_label("Teaching assistant: £ an hour")
    rate.fill("-16.40")
    page.get_by_role("button", name="Save the rates").press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("cannot be negative")
    expect(page.get_by_label("Teaching assistant: £ an hour")).to_have_value("-16.40")
    assert_no_axe_violations(page)
    expect(summary.get_by_role("link")).to_have_text(re.compile("^Teaching assistant"))
    rate.fill("17.25")
    rate.press("Enter")
    expect(page.get_by_text("Hourly rates saved (teaching assistant)")).to_be_visible()
    assert StaffRate.objects.get(school__slug="demo", role="ta").hourly_rate == Decimal("17.25")
    context.close()


def test_senior_leader_reads_the_rates_without_a_form(live_server, browser, demo_school) -> None:
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, "slt@demo.test", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/pupils/provision/rates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hourly rates by role")
    expect(page.get_by_role("row", name=re.compile(r"Teaching assistant £16\.40"))).to_be_visible()
    assert page.get_by_role("button", name="Save the rates").count() == 0
    assert_no_axe_violations(page)
    context.close()
