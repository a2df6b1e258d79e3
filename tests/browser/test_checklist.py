"""The line-management checklist in real Chromium: answers and actions saved as
the line manager types (autosave), by keyboard, axe clean; a save from someone
else meanwhile is shown, never overwritten; the bank reordered by keyboard."""

from __future__ import annotations

import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports.checklist.models import ChecklistItem, ChecklistQuestion
from reports.checklist.periods import current_half_term, previous_half_term
from reports.checklist.services import action_add, checklist_open
from schools.models import Role
from tests.browser.conftest import TABLET, assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, make_school, make_user


@pytest.fixture
def scene(transactional_db):
    school = make_school("Brookfield High")
    slt = make_user(school, Role.SLT, email="slt@brook.test", first_name="Dana", last_name="Reyes")
    sendco = make_user(school, Role.SENDCO, email="sendco@brook.test", first_name="Lee")
    today = timezone.localdate()
    half = current_half_term(school, today)
    before = previous_half_term(school, half)
    assert before is not None
    earlier = checklist_open(school=school, half=before, today=before.start)
    carried = action_add(
        checklist=earlier, text="Audit TA training needs", owner=sendco, due_on=None, user=slt
    )
    checklist = checklist_open(school=school, half=half, today=today)
    return {"slt": slt, "sendco": sendco, "checklist": checklist, "carried": carried}


def _tab_to(page, selector: str, *, back: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _saved(item, text: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        item.refresh_from_db()
        if item.answer == text:
            return
        time.sleep(0.2)
    assert item.answer == text


def test_answers_and_actions_autosave_by_keyboard(scene, live_server, browser) -> None:
    checklist = scene["checklist"]
    first = checklist.items.order_by("position", "pk").first()
    assert first is not None
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, "slt@brook.test", PASSWORD)
    page.goto(f"{live_server.url}/reports/checklist/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(checklist.label)
    expect(
        page.get_by_role("heading", name="Actions carried from earlier half-terms")
    ).to_be_visible()
    assert_no_axe_violations(page)

    # Into the first answer by keyboard, type, and it saves by itself.
    answer = f"#id_item-{first.pk}-answer"
    _tab_to(page, answer)
    page.keyboard.type("All profile reviews are booked; two need a new date.")
    status = page.locator(f"#item-{first.pk} [data-autosave-status]")
    expect(status).to_contain_text("Saved at", timeout=10000)
    # (A slow machine may save once mid-sentence, then again with the rest.)
    _saved(first, "All profile reviews are booked; two need a new date.")
    assert first.answered_by == scene["slt"] and first.version >= 2

    # The carried action ticked done with the space bar, saved too.
    carried = scene["carried"]
    _tab_to(page, f"#id_action-{carried.pk}-done", back=True)  # above the questions
    page.keyboard.press("Space")
    expect(page.locator(f"#action-{carried.pk} [data-autosave-status]")).to_contain_text(
        "Saved at", timeout=10000
    )
    carried.refresh_from_db()
    assert carried.done_on == timezone.localdate()
    assert_no_axe_violations(page)

    # What was saved is there after reloading, and nothing is left unsaved.
    page.reload()
    expect(page.locator(answer)).to_have_value(
        "All profile reviews are booked; two need a new date."
    )
    context.close()


def test_someone_elses_save_meanwhile_is_shown_not_overwritten(scene, live_server, browser) -> None:
    item = scene["checklist"].items.order_by("position", "pk").first()
    assert item is not None
    answer = f"#id_item-{item.pk}-answer"
    pages = []
    for email in ("slt@brook.test", "sendco@brook.test"):
        context = browser.new_context(viewport=TABLET)
        page = context.new_page()
        sign_in(page, live_server, email, PASSWORD)
        page.goto(f"{live_server.url}/reports/checklist/")
        pages.append(page)
    slt_page, sendco_page = pages
    slt_page.locator(answer).fill("The line manager's answer.")
    expect(slt_page.locator(f"#item-{item.pk} [data-autosave-status]")).to_contain_text(
        "Saved at", timeout=10000
    )
    # The SENDCo's page was opened before that save.
    sendco_page.locator(answer).fill("The SENDCo's answer.")
    conflict = sendco_page.locator(f"#item-{item.pk} [data-autosave-conflict]")
    expect(conflict).to_be_visible(timeout=10000)
    expect(conflict).to_contain_text("Saved: The line manager's answer.")
    expect(conflict).to_contain_text("Yours: The SENDCo's answer.")
    expect(conflict).to_be_focused()
    item.refresh_from_db()
    assert item.answer == "The line manager's answer."
    assert_no_axe_violations(sendco_page)
    # Keeping hers is a choice made with the keyboard: then it saves over the newer version.
    sendco_page.keyboard.press("Tab")
    expect(sendco_page.get_by_role("button", name="Keep mine")).to_be_focused()
    sendco_page.keyboard.press("Enter")
    expect(sendco_page.locator(f"#item-{item.pk} [data-autosave-status]")).to_contain_text(
        "Saved at", timeout=10000
    )
    item.refresh_from_db()
    assert (item.answer, item.version) == ("The SENDCo's answer.", 3)


def test_the_bank_reordered_by_keyboard(scene, live_server, browser) -> None:
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, "sendco@brook.test", PASSWORD)
    number = scene["checklist"].half_term
    page.goto(f"{live_server.url}/reports/checklist/questions/?half={number}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("question bank")
    assert_no_axe_violations(page)
    sections = page.locator("section[aria-labelledby^='bank-section-']")
    index = next(
        i for i in range(sections.count()) if sections.nth(i).locator(".bank-question").count() > 1
    )
    texts = sections.nth(index).locator(".bank-question p.mb-1").all_inner_texts()
    # (Chromium puts a space before the visually hidden part of the name.)
    name = re.compile(r"^Move down\s*:\s*" + re.escape(texts[0][:20]))
    sections.nth(index).get_by_role("button", name=name).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    after = page.locator("section[aria-labelledby^='bank-section-']").nth(index)
    assert after.locator(".bank-question p.mb-1").all_inner_texts()[:2] == [texts[1], texts[0]]
    # The focus stays with the question that moved, on the same button.
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.startswith("Move down") and texts[0][:20] in focused
    expect(page.get_by_role("status").first).to_contain_text("Moved down")
    moved = ChecklistQuestion.objects.get(text=texts[0])
    other = ChecklistQuestion.objects.get(text=texts[1])
    assert moved.position > other.position
    assert ChecklistItem.objects.filter(question=moved).exists()
    assert_no_axe_violations(page)
    context.close()
