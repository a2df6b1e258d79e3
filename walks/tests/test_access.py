"""walks/access.py called directly: for each lookup, what each of the cast sees."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.http import Http404
from django.utils import timezone

from tests.factories import make_group, make_user, make_visit, make_walk
from walks import access
from walks.models import FocusArea, LearningWalk, Visit

ROLES = ["sendco", "slt", "teacher", "teacher2", "ta", "governor", "school_admin", "other_sendco"]


@dataclass
class Walks:
    announced: LearningWalk  # observers: SENDCo and governor
    planned: LearningWalk  # not yet told; observer: SLT
    other: LearningWalk  # the other school's, announced
    governors_visit: Visit  # announced walk, teacher's class, governor alone
    sendcos_visit: Visit  # announced walk, teacher2's class, SENDCo alone
    planned_visit: Visit  # planned walk, teacher's class, SLT
    other_visit: Visit


@pytest.fixture
def walks(cast) -> Walks:
    told = LearningWalk.State.ANNOUNCED
    announced = make_walk(cast.school, observers=[cast.sendco, cast.governor], state=told)
    planned = make_walk(cast.school, observers=[cast.slt])
    other = make_walk(cast.other_school, observers=[cast.other_sendco], state=told)
    other_teacher = make_user(cast.other_school, "teacher")
    other_group = make_group(cast.other_school, teachers=[other_teacher])
    return Walks(
        announced=announced,
        planned=planned,
        other=other,
        governors_visit=make_visit(announced, cast.group, observers=[cast.governor]),
        sendcos_visit=make_visit(announced, cast.group2, observers=[cast.sendco]),
        planned_visit=make_visit(planned, cast.group, observers=[cast.slt]),
        other_visit=make_visit(other, other_group),
    )


def _pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def _seen(lookup, user, *args) -> set[int] | None:
    """The pks the lookup gives, or None where it answers 404."""
    try:
        return _pks(lookup(user, *args))
    except Http404:
        return None


def _check(cast, expected: dict[str, set[int] | None], lookup, *args) -> None:
    for role in ROLES:
        assert _seen(lookup, getattr(cast, role), *args) == expected[role], role


def test_walks_for_planners_all_others_those_they_observe(cast, walks) -> None:
    both = {walks.announced.pk, walks.planned.pk}
    nothing: set[int] = set()
    _check(
        cast,
        {
            "sendco": both,
            "slt": both,
            "teacher": nothing,
            "teacher2": nothing,
            "ta": nothing,
            "governor": {walks.announced.pk},
            "school_admin": nothing,
            "other_sendco": {walks.other.pk},
        },
        access.walks_for,
    )


def test_programme_and_planning_lookups(cast, walks) -> None:
    both = {walks.announced.pk, walks.planned.pk}
    programme = dict.fromkeys(ROLES) | {
        "sendco": both,
        "slt": both,
        "governor": both,
        "other_sendco": {walks.other.pk},
    }
    _check(cast, programme, access.programme_walks_for)
    planners = dict.fromkeys(ROLES) | {
        "sendco": both,
        "slt": both,
        "other_sendco": {walks.other.pk},
    }
    _check(cast, planners, access.planned_walks_for)
    visits = {walks.governors_visit.pk, walks.sendcos_visit.pk, walks.planned_visit.pk}
    _check(
        cast,
        dict.fromkeys(ROLES)
        | {"sendco": visits, "slt": visits, "other_sendco": {walks.other_visit.pk}},
        access.planned_visits_for,
    )
    library = _pks(FocusArea.objects.filter(school=cast.school))
    other_library = _pks(FocusArea.objects.filter(school=cast.other_school))
    _check(
        cast,
        dict.fromkeys(ROLES) | {"sendco": library, "slt": library, "other_sendco": other_library},
        access.focus_areas_for,
    )


def test_the_visits_and_observers_of_a_walk_page(cast, walks) -> None:
    nothing: set[int] = set()
    everyone_else = dict.fromkeys(ROLES, nothing)
    both = {walks.governors_visit.pk, walks.sendcos_visit.pk}
    _check(
        cast,
        everyone_else | {"sendco": both, "slt": both, "governor": {walks.governors_visit.pk}},
        access.walk_visits_for,
        walks.announced,
    )
    observers = {cast.sendco.pk, cast.governor.pk}
    # The governor is alone on their visit: they learn of no other observer.
    _check(
        cast,
        everyone_else
        | {
            "sendco": observers,
            "slt": observers,
            "governor": {cast.governor.pk},
            "teacher": nothing,
        },
        access.walk_observers_for,
        walks.announced,
    )


def test_announced_walks_and_visits_to_ones_own_classes(cast, walks) -> None:
    today = timezone.localdate()
    upcoming = dict.fromkeys(ROLES, {walks.announced.pk}) | {"other_sendco": {walks.other.pk}}
    _check(cast, upcoming, access.upcoming_walks_for, today)
    nothing: set[int] = set()
    own = dict.fromkeys(ROLES, nothing) | {
        # Not the visit to the same class on the walk not yet announced.
        "teacher": {walks.governors_visit.pk},
        "teacher2": {walks.sendcos_visit.pk},
    }
    _check(cast, own, access.own_visits_for)
