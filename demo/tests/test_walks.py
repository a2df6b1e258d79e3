from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from schools.models import User
from walks.models import LearningWalk, Visit


def _seed(monkeypatch, today: date) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize("today", [date(2026, 11, 22), date(2026, 10, 1), date(2027, 3, 3)])
def test_demo_walks_tell_both_teachers_stories(db, monkeypatch, today: date) -> None:
    _seed(monkeypatch, today)
    teacher = User.objects.get(email="teacher@demo.test")
    teacher2 = User.objects.get(email="teacher2@demo.test")
    completed = LearningWalk.objects.filter(state=LearningWalk.State.COMPLETED)
    assert completed.exists()
    past_visits = Visit.objects.filter(walk__in=completed)
    assert past_visits.filter(group__teachers=teacher).exists()
    assert not past_visits.filter(group__teachers=teacher2).exists()
    assert not Visit.objects.filter(walk__starts_on__lte=today, group__teachers=teacher2).exists()
    # Each walk week has 8 to 15 visits; the walks that are done lie in the past.
    for walk in LearningWalk.objects.filter(ends_on__gt=timezone.localdate() - timedelta(days=400)):
        if walk.is_walk_week:
            assert 8 <= walk.visits.count() <= 15
        if walk.state == LearningWalk.State.COMPLETED:
            assert walk.ends_on < today
    # One planned walk is under a week away and nobody has told the staff.
    assert any(walk.needs_announcing(today) for walk in LearningWalk.objects.all())


def test_demo_walks_are_idempotent_and_deterministic(db, monkeypatch) -> None:
    _seed(monkeypatch, date(2026, 11, 22))
    first = list(
        Visit.objects.order_by("walk__title", "starts_at").values_list(
            "walk__title", "group__code", "starts_at", "minutes"
        )
    )
    _seed(monkeypatch, date(2026, 11, 22))
    again = list(
        Visit.objects.order_by("walk__title", "starts_at").values_list(
            "walk__title", "group__code", "starts_at", "minutes"
        )
    )
    assert first == again
    assert LearningWalk.objects.count() == 4


def test_demo_visits_respect_the_rules(db, monkeypatch) -> None:
    _seed(monkeypatch, date(2026, 11, 22))
    school_limit = 3
    from django.db.models import Count

    per_teacher = Visit.objects.values("teacher_id").annotate(n=Count("pk"))
    assert max(row["n"] for row in per_teacher) <= school_limit
    for walk in LearningWalk.objects.prefetch_related("observers"):
        assert 1 <= walk.observers.count() <= 2
        assert 1 <= walk.focus_areas.count() <= 3
    # No observer is in two places at once.
    spans: dict[int, list[tuple]] = {}
    for visit in Visit.objects.prefetch_related("observers"):
        for observer in visit.observers.all():
            spans.setdefault(observer.pk, []).append((visit.starts_at, visit.ends_at))
    for times in spans.values():
        times.sort()
        for (_, end), (start, _) in zip(times, times[1:], strict=False):
            assert end <= start


def test_the_walk_to_announce_looks_at_year_9(db, monkeypatch) -> None:
    _seed(monkeypatch, date(2026, 11, 22))
    soon = LearningWalk.objects.get(title="Reading support drop-in")
    assert soon.year_groups == [9] and soon.year_groups_label == "Year 9"
    assert set(soon.visits.values_list("group__year_group", flat=True)) == {9}
    assert not LearningWalk.objects.exclude(pk=soon.pk).exclude(year_groups=[]).exists()
