"""The teacher's new walk notes come first on "My classes", in real Chromium."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from feedback.models import Feedback
from tests.browser.conftest import TABLET, assert_no_axe_violations, sign_in


@pytest.fixture
def demo_school(transactional_db) -> None:
    call_command("seed_demo", verbosity=0)


def test_teacher_sees_new_notes_first_with_a_badge(live_server, browser, demo_school) -> None:
    unread = Feedback.objects.filter(
        observation__visit__teacher__email="teacher@demo.test",
        status=Feedback.Status.RELEASED,
        read_at__isnull=True,
    )
    count = unread.count()
    assert count >= 1, "seed_demo gives teacher@ at least one released note"
    newest = unread.order_by("-released_at", "-pk").first()

    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, "teacher@demo.test", settings.DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My classes and walk notes")
    expect(page.locator(".walk-notes-badge")).to_have_text(f"{count} new")
    # The notes section is the first thing under the heading, above every class.
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0] == "Walk notes", headings
    first_note = page.locator(".walk-notes a").first
    expect(first_note).to_have_attribute("href", reverse("feedback:note", kwargs={"pk": newest.pk}))
    assert_no_axe_violations(page)

    # Opened, it is no longer new; the Walk notes page in the menu still lists it.
    first_note.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Walk note:")
    page.get_by_role("link", name="Walks", exact=True).click()
    page.get_by_role("link", name="Walk notes", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Walk notes")
    expect(page.locator(f'.walk-notes a[href$="/notes/{newest.pk}/"]')).to_be_visible()
    assert_no_axe_violations(page)
    newest.refresh_from_db()
    assert newest.read_at is not None
    context.close()
