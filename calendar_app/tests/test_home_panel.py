"""Teachers' "Dates for you" shows on their home, My classes: the all-staff
dates and the dates about the pupils they teach, never another class's."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from calendar_app.models import Kind
from calendar_app.tests.factories import make_event


def test_my_classes_shows_dates_for_you(cast, client) -> None:
    soon = timezone.localdate() + timedelta(days=3)
    make_event(cast.school, day=soon, title="Staff training: autism", for_staff=True)
    make_event(
        cast.school, day=soon, title="Profile review", kind=Kind.PROFILE_REVIEW, pupil=cast.pupil
    )
    make_event(
        cast.school,
        day=soon,
        title="Another class's review",
        kind=Kind.PROFILE_REVIEW,
        pupil=cast.pupil2,
    )
    make_event(cast.school, day=soon, title="SEND team only")
    client.force_login(cast.teacher)
    page = client.get(reverse("pupils:my_classes")).content.decode()
    assert "Dates for you" in page
    assert "Staff training: autism" in page
    assert "Profile review" in page
    assert "Another class" not in page
    assert "SEND team only" not in page


def test_the_sendco_dashboard_keeps_its_own_panel_and_not_the_teachers(cast, client) -> None:
    client.force_login(cast.sendco)
    page = client.get(reverse("shell:dashboard")).content.decode()
    assert "This week and next" in page
    assert "Dates for you" not in page
