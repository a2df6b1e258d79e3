"""The school admin enters this year's term dates (a mistake first, then put
right), and the SENDCo reads them. axe finds nothing on the term-dates pages,
with the prompt, with errors and with the saved dates."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from schools import terms as t
from schools.models import Role
from sendit.lib.dates import school_year_label, school_year_start
from tests.browser.conftest import assert_no_axe_violations, sign_in, sign_out
from tests.factories import PASSWORD, make_school, make_user


@pytest.fixture
def school(transactional_db):
    school = make_school("Hillside Academy")
    make_user(school, Role.SCHOOL_ADMIN, email="admin@hill.test")
    make_user(school, Role.SENDCO, email="sendco@hill.test")
    return school


def test_admin_enters_term_dates_and_the_sendco_reads_them(live_server, page, school) -> None:
    start = school_year_start(date.today())
    label = school_year_label(start)
    sign_in(page, live_server, "admin@hill.test", PASSWORD)
    page.goto(f"{live_server.url}/school/term-dates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Term dates")
    expect(page.get_by_text(f"Term dates for {label} are the usual England dates")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name=f"Enter your school's term dates for {label}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Term dates {label}")
    assert_no_axe_violations(page)
    first_day = page.get_by_label("First day of Autumn 1")
    usual = t.default_year(start).half_terms[0]
    expect(first_day).to_have_value(usual.start.isoformat())
    # A last day before the first: explained next to the field and at the top.
    page.get_by_label("Last day of Autumn 1").fill(date(start, 8, 20).isoformat())
    page.get_by_label("Date").first.fill(usual.start.isoformat())
    page.get_by_label("What it is").first.fill("Staff training")
    page.get_by_role("button", name="Save term dates").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Last day of Autumn 1: The last day of Autumn 1 cannot be")
    expect(page.get_by_label("What it is").first).to_have_value("Staff training")
    assert_no_axe_violations(page)
    # The summary's link takes the keyboard to the field.
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    last_day = page.get_by_label("Last day of Autumn 1")
    expect(last_day).to_be_focused()
    last_day.fill(usual.end.isoformat())
    page.get_by_label("What it is").first.press("Enter")  # Enter saves, from any field
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Term dates {label}")
    expect(page.get_by_text(f"Term dates for {label} saved.")).to_be_visible()
    expect(page.get_by_text("Staff training (INSET day)")).to_be_visible()
    assert_no_axe_violations(page)
    assert t.year_of(school, start).entered

    sign_out(page)
    sign_in(page, live_server, "sendco@hill.test", PASSWORD)
    page.goto(f"{live_server.url}/school/term-dates/")
    expect(page.get_by_text("not your school's own")).to_have_count(0)
    page.get_by_role("link", name=label).click()
    expect(page.get_by_text("Staff training (INSET day)")).to_be_visible()
    expect(page.get_by_role("link", name="Change these dates")).to_have_count(0)
    assert_no_axe_violations(page)
