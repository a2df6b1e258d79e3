"""Pickers that scale (#10), on the demo school: the SENDCo plans a walk on
Year 9 with two observers found by typing, then adds a visit to a Year 9
class, which the class list offers first. With JavaScript (the filters of
static/js/picker.js, by keyboard) and without it (plain lists, the limit
checked on saving). In real Chromium, checked with axe-core."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_no_axe_violations,
    assert_no_axe_violations_as_rendered,
    sign_in,
)
from walks.models import LearningWalk

DESKTOP = {"width": 1280, "height": 900}
SENDCO = "Rachel Okonjo"
SLT = "David Hartley"


@pytest.fixture
def demo_school(transactional_db) -> None:
    call_command("seed_demo", verbosity=0)


def _weekday_ahead(days: int):
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _plan_the_walk(page, title: str) -> None:
    page.get_by_role("link", name="Plan a walk").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Purpose").select_option(label="Monitoring")
    page.get_by_label("First day").fill(_weekday_ahead(12).isoformat())
    page.get_by_role("checkbox", name="Year 9", exact=True).check()
    page.get_by_label(re.compile(r"Profile strategies in action:")).check()


def _visible_observers(page) -> int:
    return page.locator("#observer-list [data-picker-item]:visible").count()


def _class_groups(page) -> list[str]:
    return page.locator("#id_group optgroup").evaluate_all("gs => gs.map(g => g.label)")


def _suggested_codes(page) -> list[str]:
    return (
        page.locator("#id_group optgroup")
        .first.locator("option")
        .evaluate_all("os => os.map(o => o.textContent.trim().split(' ')[0])")
    )


def test_two_observers_and_a_year_9_class_by_typing(live_server, browser, demo_school) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server, "sendco@demo.test", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/walks/")
    _plan_the_walk(page, "Year 9 check-in")

    # About 70 people; typing a name leaves that person, announced in the status.
    observers = page.get_by_role("group", name="Observers from the school")
    assert _visible_observers(page) > 60
    search = page.get_by_label("Find people by name, role or department")
    search.focus()
    page.keyboard.type("okonjo")
    status = page.locator("#observer-filter-status")
    expect(status).to_have_text("1 person matches “okonjo”.")
    expect(status).to_have_attribute("role", "status")
    assert _visible_observers(page) == 1
    page.keyboard.press("ArrowDown")  # on to the list
    expect(observers.get_by_role("checkbox", name=re.compile(f"^{SENDCO}"))).to_be_focused()
    page.keyboard.press("Space")
    # Enter in the filter box never submits the form; Escape clears it.
    search.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan a walk")
    page.keyboard.press("Escape")
    expect(search).to_have_value("")
    expect(status).to_have_text(re.compile(r"^All \d+ people listed\.$"))
    # By role: the senior leaders.
    page.keyboard.type("senior leader")
    expect(status).to_have_text(re.compile(r"^\d people match “senior leader”\.$"))
    assert _visible_observers(page) <= 6
    slt = observers.get_by_role("checkbox", name=re.compile(f"^{SLT}"))
    slt.focus()
    page.keyboard.press("Space")
    chosen = page.locator("[data-picker-chosen]")
    expect(chosen).to_have_text(f"Chosen: {SLT}, {SENDCO} (2 of at most 2).")  # list order
    # By department.
    search.fill("")
    page.keyboard.type("maths")
    expect(status).to_have_text(re.compile(r"“maths”"))
    for label in observers.locator("[data-picker-item]:visible label").all_inner_texts():
        assert "Maths" in label
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Plan the walk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Year 9 check-in")
    walk = LearningWalk.objects.get(title="Year 9 check-in")
    assert walk.year_groups == [9]
    assert sorted(o.display_name for o in walk.observers.all()) == [SLT, SENDCO]

    # Add a visit: the suggestions are Year 9 classes, listed first.
    page.get_by_role("link", name="Add a visit").click()
    assert _class_groups(page) == [
        "Suggested for this walk",
        "The walk's year groups (Year 9)",
        "Other classes",
    ]
    suggested = _suggested_codes(page)
    assert suggested and all(code.startswith("9") for code in suggested)
    help_panel = page.get_by_role("region", name="Which classes to visit")
    expect(help_panel).to_contain_text("for Year 9, the walk's year group")
    for code in help_panel.locator("li strong").all_inner_texts():
        assert code.startswith("9")
    # Typing narrows the list: a maths set of Year 9.
    page.get_by_label("Find a class by code, subject, year or teacher").fill("year 9 maths")
    expect(page.locator("#class-filter-status")).to_have_text(
        re.compile(r"^\d+ classes match “year 9 maths”\.$")
    )
    options = page.locator("#id_group option[value]:not([value=''])")
    texts = options.all_inner_texts()
    assert texts and all(t.startswith("9") and "Maths" in t for t in texts)
    assert_no_axe_violations(page)
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_group")).to_be_focused()
    page.locator("#id_group").select_option(label=texts[0])
    page.get_by_label("Start time").fill("10:40")
    page.get_by_role("button", name="Add the visit").click()
    code = texts[0].split(" ")[0]
    expect(page.get_by_text(f"Visit to {code} at 10:40")).to_be_visible()
    assert walk.visits.get().group.year_group == 9
    context.close()


def test_the_same_without_javascript(live_server, browser, demo_school) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "sendco@demo.test", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/walks/")
    _plan_the_walk(page, "Year 9 check-in, no script")

    # A plain list: no filter box, the usual observers first, in their own section.
    expect(page.get_by_label("Find people by name, role or department")).to_be_hidden()
    first = page.get_by_role("group", name="SENDCo and senior leaders")
    expect(first.get_by_role("checkbox", name=re.compile(f"^{SENDCO}"))).to_be_visible()
    # Both are among the first few entries: no scrolling through everyone else.
    names = page.locator("#observer-list label").all_inner_texts()
    assert len(names) > 60
    assert max(i for i, name in enumerate(names) if name.startswith((SENDCO, SLT))) < 8
    first.get_by_role("checkbox", name=re.compile(f"^{SENDCO}")).check()
    first.get_by_role("checkbox", name=re.compile(f"^{SLT}")).check()
    page.get_by_role("group", name="Governors").get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Plan the walk").click()

    # Three is over the limit: said at the top and next to the list, nothing lost.
    message = "The school allows at most 2 observers on a walk; you chose 3."
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.locator("#id_observers_error")).to_contain_text(message)
    expect(page.get_by_label("Title")).to_have_value("Year 9 check-in, no script")
    expect(page.get_by_role("checkbox", name="Year 9", exact=True)).to_be_checked()
    page.get_by_role("alert").get_by_role("link").click()
    expect(page.locator("#id_observers_0")).to_be_focused()
    assert_no_axe_violations_as_rendered(browser, page)
    page.get_by_role("group", name="Governors").get_by_role("checkbox").first.uncheck()
    page.get_by_role("button", name="Plan the walk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Year 9 check-in, no script")
    walk = LearningWalk.objects.get(title="Year 9 check-in, no script")
    assert walk.year_groups == [9] and walk.observers.count() == 2

    # The class list, grouped: the first entries are Year 9 suggestions.
    page.get_by_role("link", name="Add a visit").click()
    expect(page.get_by_label("Find a class by code, subject, year or teacher")).to_be_hidden()
    assert _class_groups(page)[0] == "Suggested for this walk"
    suggested = _suggested_codes(page)
    assert suggested and all(code.startswith("9") for code in suggested)
    assert_no_axe_violations_as_rendered(browser, page)
    first_option = page.locator("#id_group optgroup").first.locator("option").first
    page.locator("#id_group").select_option(value=first_option.get_attribute("value"))
    page.get_by_label("Start time").fill("13:50")
    page.get_by_role("button", name="Add the visit").click()
    expect(page.get_by_text(f"Visit to {suggested[0]} at 13:50")).to_be_visible()
    context.close()
