"""Who sees which events: the SEND team all, staff the staff's and their pupils',
governors the governors', and nobody another school's."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_app.access import events_for, parents_events
from calendar_app.models import Kind
from calendar_app.tests.factories import make_event
from schools.models import Role

DAY = date(2026, 3, 4)


@pytest.fixture
def events(cast):
    return {
        "team": make_event(cast.school, day=DAY, title="SEND team planning"),
        "staff": make_event(cast.school, day=DAY, title="Training", for_staff=True),
        "governors": make_event(
            cast.school, day=DAY, title="Report to governors", for_governors=True
        ),
        "parents": make_event(cast.school, day=DAY, title="Parent workshop", for_parents=True),
        "pupil": make_event(cast.school, day=DAY, kind=Kind.ANNUAL_REVIEW, pupil=cast.pupil),
        "pupil2": make_event(cast.school, day=DAY, kind=Kind.ANNUAL_REVIEW, pupil=cast.pupil2),
        "other": make_event(cast.other_school, day=DAY, title="Elsewhere", for_staff=True),
    }


def _seen(user, events) -> set[str]:
    ids = set(events_for(user).values_list("pk", flat=True))
    return {name for name, event in events.items() if event.pk in ids}


@pytest.mark.parametrize(
    "role,expected",
    [
        (Role.SENDCO, {"team", "staff", "governors", "parents", "pupil", "pupil2"}),
        (Role.SLT, {"team", "staff", "governors", "parents", "pupil", "pupil2"}),
        (Role.TEACHER, {"staff", "pupil"}),
        (Role.TA, {"staff", "pupil"}),
        (Role.SCHOOL_ADMIN, {"staff"}),
        (Role.GOVERNOR, {"governors"}),
    ],
)
def test_each_role_sees_its_events(cast, events, role, expected) -> None:
    assert _seen(cast.by_role(role), events) == expected


def test_a_teacher_sees_events_about_their_own_pupils_only(cast, events) -> None:
    assert _seen(cast.teacher2, events) == {"staff", "pupil2"}


def test_the_other_school_sees_none_of_these(cast, events) -> None:
    assert _seen(cast.other_sendco, events) == {"other"}


def test_parents_see_their_events_and_never_one_about_a_pupil(cast, events) -> None:
    assert list(parents_events(cast.school)) == [events["parents"]]
