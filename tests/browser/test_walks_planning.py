"""The SENDCo plans a walk in the browser, announces it, and a teacher sees it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import TABLET, assert_no_axe_violations, sign_in
from walks.models import LearningWalk


@pytest.fixture
def demo_school(transactional_db) -> None:
    call_command("seed_demo", verbosity=0)


def _weekday_ahead(days: int):
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _choose_class_of(page, teacher_name: str) -> None:
    """Pick a class of this teacher in the class list (its label names the teacher)."""
    value = page.evaluate(
        """(name) => [...document.querySelectorAll('#id_group option')]
            .find(o => o.textContent.includes(name)).value""",
        teacher_name,
    )
    page.locator("#id_group").select_option(value)


def test_sendco_plans_and_announces_a_walk_and_a_teacher_sees_it(
    live_server, browser, demo_school
) -> None:
    day = _weekday_ahead(10)
    sendco = browser.new_context(viewport=TABLET)
    page = sendco.new_page()
    sign_in(page, live_server, "sendco@demo.test", settings.DEMO_PASSWORD)

    # The programme, then plan a walk: title, purpose, a day, focus and observers.
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Walks", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Learning walks")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Plan a walk").click()
    page.get_by_label("Title").fill("Seating check, Year 8")
    page.get_by_label("Purpose").select_option(label="Development")
    page.get_by_label("First day").fill(day.isoformat())
    page.get_by_label(re.compile(r"Seating and grouping:")).check()
    page.get_by_label(re.compile(r"Knowing the learners:")).check()
    page.get_by_label("Rachel Okonjo (SENDCo)").check()
    page.get_by_label("David Hartley (Senior leader)").check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Plan the walk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Seating check, Year 8")

    # First visit: chosen from a suggestion, with its reason shown.
    page.get_by_role("link", name="Add a visit").click()
    expect(page.get_by_role("heading", name="Which classes to visit")).to_be_visible()
    many = page.locator("[data-kind=many-send]")
    expect(many.get_by_text(re.compile(r"\d+ learners with SEND"))).not_to_have_count(0)
    not_visited = page.locator("[data-kind=not-visited]")
    expect(not_visited.get_by_text("has no visit yet this school year").first).to_be_visible()
    assert_no_axe_violations(page)
    choice = not_visited.get_by_role("link", name=re.compile("^Choose ")).first
    code = choice.inner_text().removeprefix("Choose ").strip()
    choice.click()
    expect(page.locator("#id_group")).not_to_have_value("")
    page.get_by_label("Start time").fill("11:00")
    page.get_by_label("Room").fill("E7")
    page.get_by_role("button", name="Add the visit").click()
    expect(page.get_by_text(f"Visit to {code} at 11:00")).to_be_visible()

    # Second visit: a class of teacher@demo.test, at the same time for the same
    # observers: refused with a message, then moved.
    page.get_by_role("link", name="Add a visit").click()
    _choose_class_of(page, "Priya Lamb")
    page.get_by_label("Start time").fill("11:10")
    page.get_by_role("button", name="Add the visit").click()
    expect(page.get_by_role("alert")).to_contain_text("cannot be in two places at once")
    page.get_by_label("Start time").fill("11:30")
    page.get_by_role("button", name="Add the visit").click()
    expect(page.get_by_text(re.compile(r"Visit to .* at 11:30"))).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(2)
    assert_no_axe_violations(page)

    # Announce: all staff are emailed, and the walk goes on "Upcoming walks".
    # It asks first, since it emails every member of staff.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Announce to all staff").click()
    expect(page.get_by_text("was announced")).to_be_visible()
    assert asked == ["Email every member of staff about this walk now?"]
    walk = LearningWalk.objects.get(title="Seating check, Year 8")
    assert walk.state == LearningWalk.State.ANNOUNCED
    assert "teacher@demo.test" in {message.to[0] for message in mail.outbox}
    sendco.close()

    teacher = browser.new_context(viewport=TABLET)
    page = teacher.new_page()
    sign_in(page, live_server, "teacher@demo.test", settings.DEMO_PASSWORD)
    # A teacher's Walks section opens on "Upcoming walks".
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Walks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upcoming walks")
    card = page.locator("section", has=page.get_by_role("heading", name="Seating check, Year 8"))
    expect(card).to_contain_text("Development")
    expect(card).to_contain_text("Seating and grouping")
    expect(card).to_contain_text(day.strftime("%-d %B %Y"))
    visits = page.get_by_role("table", name="Visits to your classes this school year")
    expect(visits).to_contain_text("11:30")
    expect(visits).not_to_contain_text(code)  # another teacher's class
    assert_no_axe_violations(page)
    teacher.close()


def test_walk_pages_for_other_roles_pass_axe(live_server, browser, demo_school) -> None:
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, "sendco@demo.test", settings.DEMO_PASSWORD)
    # The demo has a walk a few days away that nobody has announced.
    expect(page.get_by_role("heading", name="Walks to announce")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/walks/focus/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Focus library")
    assert_no_axe_violations(page)
    completed = LearningWalk.objects.filter(state=LearningWalk.State.COMPLETED).first()
    page.goto(f"{live_server.url}/walks/{completed.pk}/")
    expect(page.locator("tbody tr").first).to_be_visible()
    assert_no_axe_violations(page)
    context.close()

    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, "governor@demo.test", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/walks/")
    expect(page.get_by_role("heading", name="Coverage this school year")).to_be_visible()
    expect(page.get_by_role("button", name="Plan a walk")).to_have_count(0)
    assert_no_axe_violations(page)
    context.close()
