"""The demo's checklists: last half-term answered, with an action carried into
this half-term's; idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.checklist.models import Checklist, ChecklistAction, ChecklistItem
from schools.models import User


def _fingerprint() -> dict[str, object]:
    return {
        "checklists": list(
            Checklist.objects.order_by("school__slug", "starts_on").values_list(
                "school__slug", "school_year", "half_term", "starts_on"
            )
        ),
        "items": list(
            ChecklistItem.objects.order_by("checklist__starts_on", "position", "pk").values_list(
                "text", "answer", "version"
            )
        ),
        "actions": list(
            ChecklistAction.objects.order_by("text").values_list(
                "text", "owner__email", "due_on", "done_on", "version"
            )
        ),
    }


@pytest.fixture
def seeded(db) -> None:
    call_command("seed_demo", verbosity=0)


def test_this_half_term_shows_last_half_terms_open_action(seeded, client) -> None:
    earlier, current = Checklist.objects.filter(school__slug="demo").order_by("starts_on")
    assert earlier.items.exclude(answer="").count() >= 4
    open_action = earlier.actions.get(done_on__isnull=True)
    client.force_login(User.objects.get(email="slt@demo.test"))
    page = client.get(reverse("reports:checklist")).content.decode()
    assert current.label in page
    assert "Actions carried from earlier half-terms" in page
    assert open_action.text in page
    assert "Put the annual review dates in the school diary" not in page  # done before


def test_running_the_seed_again_changes_no_checklist(seeded) -> None:
    before = _fingerprint()
    call_command("seed_demo", verbosity=0)
    assert _fingerprint() == before
