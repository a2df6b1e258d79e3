"""The capture page with a full class (eight learners with SEND, five strategies
each) on a tablet held either way round: the clock, the save status and Save
stay in view, every learner is one jump away, the counts follow the toggles,
and focus is never hidden under the bar, in real Chromium."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from feedback.models import Observation
from schools.models import Role
from tests.browser.conftest import TABLET, assert_no_axe_violations, sign_in
from tests.factories import (
    PASSWORD,
    make_focus_area,
    make_group,
    make_profile,
    make_pupil,
    make_school,
    make_user,
    make_visit,
    make_walk,
)

LANDSCAPE = {"width": 1180, "height": 820}
RESULTS = Path(settings.BASE_DIR) / "test-results"
NAMES = [
    ("Amara", "Okafor"),
    ("Ben", "Hughes"),
    ("Chloe", "Nowak"),
    ("Dev", "Patel"),
    ("Ellie", "Roberts"),
    ("Finn", "Sullivan"),
    ("Grace", "Thompson"),
    ("Harry", "Walsh"),
]
# The page lists learners by last name, as the register does.
IN_ORDER = sorted(NAMES, key=lambda name: (name[1], name[0]))
STRATEGIES = [
    "Give instructions one step at a time, and check each step is understood",
    "Seat near the front, away from the door and the window",
    "Offer a writing frame or sentence starters for longer answers",
    "Allow a movement break when restlessness starts to show",
    "Use the visual timetable and warn before a change of task",
]

# The bar is measured against the element that shows focus: a toggle's radio
# is hidden behind its label.
SHOWN = """
() => {
  let el = document.activeElement;
  if (el && el.classList.contains('btn-check')) {
    el = document.querySelector(`label[for="${el.id}"]`);
  }
  const bar = document.getElementById('capture-bar');
  const r = el.getBoundingClientRect();
  const b = bar.getBoundingClientRect();
  const inBar = bar.contains(document.activeElement);
  return {
    what: `${el.tagName.toLowerCase()}#${el.id} ${(el.textContent || '').trim().slice(0, 40)}`,
    inNav: !!el.closest('#on-this-page'),
    isSave: document.activeElement.matches('#capture-bar button[value="save"]'),
    obscured: !inBar && r.bottom > b.top + 1 && r.top < b.bottom - 1,
    offScreen: r.bottom < 0 || r.top > window.innerHeight,
  };
}
"""


@dataclass
class FullClass:
    sendco: object
    visit: object

    def capture_url(self, live_server) -> str:
        return live_server.url + reverse("feedback:capture", kwargs={"visit_pk": self.visit.pk})


@pytest.fixture
def full_class(transactional_db) -> FullClass:
    school = make_school("Hillside Academy")
    sendco = make_user(school, Role.SENDCO, email="sendco@full.test")
    teacher = make_user(school, Role.TEACHER, email="teacher@full.test")
    pupils = []
    for first, last in NAMES:
        pupil = make_pupil(school, legal_first_name=first, legal_last_name=last)
        make_profile(pupil, strategies=STRATEGIES)
        pupils.append(pupil)
    group = make_group(school, teachers=[teacher], pupils=pupils)
    walk = make_walk(
        school,
        focus_areas=[
            make_focus_area(school, "Scaffolding for all", position=0),
            make_focus_area(school, "Seating and grouping", position=1),
            make_focus_area(school, "Individual strategies in use", position=2),
        ],
        observers=[sendco],
        title="Autumn walk",
    )
    return FullClass(sendco=sendco, visit=make_visit(walk, group, teacher=teacher))


def _in_viewport(page, selector: str, viewport: dict) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not shown"
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (selector, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (selector, box)


def _scroll_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def _clear_of_bar(page, selector: str) -> None:
    # Waits out a smooth scroll: the target ends up in view and above the bar.
    page.wait_for_function(
        """(selector) => {
          const r = document.querySelector(selector).getBoundingClientRect();
          const bar = document.getElementById('capture-bar').getBoundingClientRect();
          return r.top >= 0 && r.bottom <= bar.top;
        }""",
        arg=selector,
    )


@pytest.mark.parametrize("viewport", [TABLET, LANDSCAPE], ids=["portrait", "landscape"])
def test_a_full_class_fits_a_lesson(live_server, browser, full_class, viewport) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    sign_in(page, live_server, full_class.sendco.email, PASSWORD)
    page.goto(full_class.capture_url(live_server))
    learners = page.locator("details[data-learner]")
    expect(learners).to_have_count(8)
    # Folded, with the first learner open: the page is what a lesson needs.
    folded = _scroll_height(page)
    page.evaluate("document.querySelectorAll('details[data-learner]').forEach(d => d.open = true)")
    unfolded = _scroll_height(page)
    page.evaluate(
        "document.querySelectorAll('details[data-learner]').forEach((d, i) => d.open = i === 0)"
    )
    print(
        f"\ncapture page {viewport['width']}x{viewport['height']}: scroll height {folded}px "
        f"as it opens (first learner open), {unfolded}px with all eight open"
    )
    assert folded < unfolded
    assert folded <= 0.6 * unfolded, (folded, unfolded)
    assert_no_axe_violations(page)

    # Marking a strategy counts it in the summary and in the jump link, said once.
    second = learners.nth(1)
    name = " ".join(IN_ORDER[1])
    expect(second).not_to_have_attribute("open", "")
    expect(second.locator("summary")).to_contain_text("0 of 5 marked")
    page.locator("#on-this-page").get_by_role("link", name=re.compile(name)).click()
    expect(second).to_have_attribute("open", "")
    strategy = second.locator("fieldset", has_text="Seat near the front")
    strategy.get_by_text("Seen in use").click()
    expect(second.locator("summary")).to_contain_text("1 of 5 marked")
    expect(page.locator("#on-this-page")).to_contain_text(re.compile(name + r"\s*1 of 5"))
    expect(page.locator("#learner-count-status")).to_have_text(f"{name}: 1 of 5 marked")
    expect(page.locator("#save-status")).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    # Changing an answer leaves the count as it was: nothing new is announced.
    page.evaluate("document.getElementById('learner-count-status').textContent = ''")
    strategy.get_by_text("Not seen").click()
    expect(strategy.locator("input[value='not_seen']")).to_be_checked()
    page.wait_for_timeout(300)
    expect(page.locator("#learner-count-status")).to_have_text("")
    expect(second.locator("summary")).to_contain_text("1 of 5 marked")
    second.locator("fieldset", has_text="writing frame").get_by_text("Not applicable").click()
    expect(second.locator("summary")).to_contain_text("2 of 5 marked")
    expect(page.locator("#learner-count-status")).to_have_text(f"{name}: 2 of 5 marked")
    # Back to "Not recorded yet": the count goes down again.
    strategy.get_by_text("Not recorded yet").click()
    expect(second.locator("summary")).to_contain_text("1 of 5 marked")

    # Half-way down and at the very bottom, the clock and the save status are in view.
    page.locator("#learner-4").scroll_into_view_if_needed()
    for selector in ("#capture-timer", "#save-status", "#capture-bar button[value='save']"):
        _in_viewport(page, selector, viewport)
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function(
        "window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1"
    )
    for selector in ("#capture-timer", "#save-status", "#capture-bar button[value='save']"):
        _in_viewport(page, selector, viewport)
    bar = page.locator("#capture-bar")
    for button in bar.get_by_role("button").all() + bar.get_by_role("link").all():
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, button.inner_text()

    # Every learner is one jump away from the bar's "On this page".
    for n, (first, last) in enumerate(IN_ORDER, start=1):
        bar.get_by_role("link", name="On this page").click()
        _clear_of_bar(page, "#on-this-page")
        page.locator("#on-this-page").get_by_role(
            "link", name=re.compile(f"{first} {last}")
        ).click()
        details = page.locator(f"#learner-{n}")
        expect(details).to_have_attribute("open", "")
        expect(details.locator("summary")).to_be_focused()
        expect(details.get_by_role("heading", name=f"{first} {last}")).to_be_in_viewport()
        _clear_of_bar(page, f"#learner-{n} summary")
        assert page.evaluate("location.hash") == f"#learner-{n}"
    # A focus area too.
    bar.get_by_role("link", name="On this page").click()
    page.locator("#on-this-page").get_by_role(
        "link", name=re.compile("Seating and grouping")
    ).click()
    expect(page.locator("fieldset", has_text="Seating and grouping")).to_be_focused()
    assert_no_axe_violations(page)
    context.close()


@pytest.mark.parametrize("viewport", [TABLET, LANDSCAPE], ids=["portrait", "landscape"])
def test_keyboard_reaches_the_jump_links_and_save_and_focus_is_never_hidden(
    live_server, browser, full_class, viewport
) -> None:
    context = browser.new_context(viewport=viewport, reduced_motion="reduce")
    page = context.new_page()
    sign_in(page, live_server, full_class.sendco.email, PASSWORD)
    page.goto(full_class.capture_url(live_server))
    # Every learner open: the longest page there is to tab through.
    page.evaluate("document.querySelectorAll('details[data-learner]').forEach(d => d.open = true)")
    page.locator("h1").click()
    seen_nav = reached_save = False
    hidden = []
    for _ in range(200):
        page.keyboard.press("Tab")
        shown = page.evaluate(SHOWN)
        if shown["what"].startswith("textarea#id_strengths"):
            page.keyboard.type("Typed from the keyboard")
        seen_nav = seen_nav or shown["inNav"]
        if shown["obscured"] or shown["offScreen"]:
            hidden.append(shown["what"])
        if shown["isSave"]:
            reached_save = True
            break
    assert seen_nav, "Tab never reached the links on this page"
    assert reached_save, "Tab never reached Save in the bar"
    assert not hidden, f"focus hidden under the bar or off screen: {hidden}"
    # What was typed on the way was saved; Save from the keyboard answers.
    expect(page.locator("#save-status")).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    observation = Observation.objects.get(visit=full_class.visit)
    assert observation.strengths == "Typed from the keyboard"
    page.keyboard.press("Enter")
    expect(page.locator("#save-status")).to_have_text("Everything is saved.")
    context.close()


def test_the_page_looks_made_with_care_on_a_tablet(live_server, browser, full_class) -> None:
    """Screenshots for a person to look at (test-results/ is not kept in git)."""
    RESULTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=TABLET, reduced_motion="reduce")
    page = context.new_page()
    sign_in(page, live_server, full_class.sendco.email, PASSWORD)
    page.goto(full_class.capture_url(live_server))
    page.get_by_role("button", name="Enter the room").click()
    expect(page.get_by_role("timer")).to_contain_text("Time in the room")
    page.screenshot(path=str(RESULTS / "capture-820x1180-top.png"))
    page.locator("#learner-1 fieldset").first.get_by_text("Seen in use").click()
    expect(page.locator("#save-status")).to_contain_text("Saved")
    page.screenshot(path=str(RESULTS / "capture-820x1180-marked.png"))
    page.locator("#on-this-page").get_by_role("link", name=re.compile("Dev Patel")).click()
    _clear_of_bar(page, "#learner-4 summary")
    page.screenshot(path=str(RESULTS / "capture-820x1180-learner.png"))
    page.screenshot(path=str(RESULTS / "capture-820x1180-full.png"), full_page=True)
    assert (RESULTS / "capture-820x1180-top.png").stat().st_size > 10_000
    context.close()
