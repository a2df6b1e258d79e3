from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import make_walk
from walks.models import LearningWalk, WalkStateError


def test_a_walk_week_lists_its_school_days(cast) -> None:
    walk = make_walk(cast.school, starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 7))
    assert walk.is_walk_week
    assert walk.days == [date(2027, 3, d) for d in range(1, 6)]  # Monday to Friday
    one_day = make_walk(cast.school, starts_on=date(2027, 3, 3))
    assert not one_day.is_walk_week
    assert one_day.days == [date(2027, 3, 3)]


def test_states_run_one_way(cast) -> None:
    walk = make_walk(cast.school)
    walk.announce()
    assert walk.state == LearningWalk.State.ANNOUNCED and walk.announced_at is not None
    with pytest.raises(WalkStateError):
        walk.announce()
    with pytest.raises(WalkStateError):
        walk.complete()  # not started yet
    walk.start()
    walk.complete()
    walk.refresh_from_db()
    assert walk.state == LearningWalk.State.COMPLETED and walk.completed_at is not None
    with pytest.raises(WalkStateError, match="cannot become in progress"):
        walk.start()


def test_a_walk_may_start_without_being_announced(cast) -> None:
    walk = make_walk(cast.school)
    walk.start()
    assert walk.state == LearningWalk.State.IN_PROGRESS
    assert not walk.can_move_to(LearningWalk.State.ANNOUNCED)


@pytest.mark.parametrize(
    ("days_away", "state", "expected"),
    [
        (6, LearningWalk.State.PLANNED, True),
        (0, LearningWalk.State.PLANNED, True),
        (7, LearningWalk.State.PLANNED, False),
        (3, LearningWalk.State.ANNOUNCED, False),
    ],
)
def test_needs_announcing_less_than_a_week_ahead(cast, days_away, state, expected) -> None:
    today = date(2026, 11, 23)
    walk = make_walk(cast.school, starts_on=today + timedelta(days=days_away), state=state)
    assert walk.needs_announcing(today) is expected
