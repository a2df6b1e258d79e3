from __future__ import annotations

from datetime import date

from django.urls import reverse

from pupils.dashboard import panels
from pupils.models import ProfileReview, SenStatus
from tests.factories import make_profile, make_pupil

TODAY = date(2026, 3, 10)


def _panel(user, title: str):
    return next(panel for panel in panels(user, today=TODAY) if panel.title == title)


def _review(pupil, held_on: date, next_on: date) -> None:
    ProfileReview.objects.create(pupil=pupil, held_on=held_on, next_review_on=next_on)


def test_reviews_due_lists_overdue_and_soon_by_the_latest_review(cast) -> None:
    overdue = make_pupil(cast.school, legal_last_name="Overdue")
    soon = make_pupil(cast.school, legal_last_name="Soon")
    later = make_pupil(cast.school, legal_last_name="Later")
    superseded = make_pupil(cast.school, legal_last_name="Superseded")
    left = make_pupil(cast.school, sen_status=SenStatus.NONE, legal_last_name="Left")
    _review(overdue, date(2025, 11, 1), date(2026, 3, 1))
    _review(soon, date(2025, 12, 1), date(2026, 3, 20))
    _review(later, date(2026, 1, 10), date(2026, 4, 30))
    _review(superseded, date(2025, 9, 1), date(2025, 12, 1))  # older review, then a newer one
    _review(superseded, date(2026, 2, 1), date(2026, 5, 1))
    _review(left, date(2025, 9, 1), date(2025, 12, 1))
    reviews = _panel(cast.sendco, "Profile reviews due")
    assert [p.legal_last_name for p in reviews.context["pupils"]] == ["Overdue", "Soon"]
    assert (reviews.context["overdue"], reviews.context["total"]) == (1, 2)


def test_pupils_on_the_register_without_a_profile(cast) -> None:
    make_profile(cast.pupil)
    make_pupil(cast.school, sen_status=SenStatus.NONE)
    missing = _panel(cast.sendco, "On the register without a profile")
    assert [p.pk for p in missing.context["pupils"]] == [cast.pupil2.pk]
    assert missing.context["total"] == 1


def test_only_the_sendco_gets_panels(cast) -> None:
    for user in (cast.slt, cast.teacher, cast.governor):
        assert panels(user) == []


def test_panels_show_on_the_dashboard(cast, client) -> None:
    _review(cast.pupil, date(2025, 1, 1), date(2025, 4, 1))
    client.force_login(cast.sendco)
    text = client.get(reverse("shell:dashboard")).content.decode()
    assert "Profile reviews due" in text
    assert "overdue" in text and "Casey Visited" in text
    assert "On the register without a profile" in text
    assert reverse("pupils:profile_edit", args=[cast.pupil2.pk]) in text
