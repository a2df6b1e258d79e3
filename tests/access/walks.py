from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from schools.models import Role
from tests.access import ANY_ROLE, Entry, roles
from tests.factories import make_focus_area, make_visit, make_walk

PLANNERS = roles(Role.SENDCO, Role.SLT)


def _walk(cast):
    # The governor observes this walk; the teacher's class is visited, yet the
    # teacher is no observer and so may not open the walk's page.
    walk = make_walk(
        cast.school,
        observers=[cast.sendco, cast.governor],
        starts_on=timezone.localdate() + timedelta(days=14),
    )
    make_visit(walk, cast.group)
    return walk


def _walk_kwargs(cast) -> dict:
    return {"pk": _walk(cast).pk}


def _visit_kwargs(cast) -> dict:
    return {"pk": _walk(cast).visits.get().pk}


def _focus_kwargs(cast) -> dict:
    return {"pk": make_focus_area(cast.school).pk}


ENTRIES: dict[str, Entry] = {
    "walks:programme": Entry(roles=roles(Role.SENDCO, Role.SLT, Role.GOVERNOR)),
    "walks:upcoming": Entry(roles=ANY_ROLE),
    "walks:focus_library": Entry(roles=PLANNERS),
    "walks:focus_add": Entry(roles=PLANNERS),
    "walks:focus_edit": Entry(roles=PLANNERS, kwargs=_focus_kwargs),
    "walks:focus_retire": Entry(
        roles=PLANNERS, kwargs=_focus_kwargs, method="post", ok=frozenset({302})
    ),
    "walks:walk_add": Entry(roles=PLANNERS),
    # Planners, and observers of the walk (here the governor).
    "walks:walk": Entry(roles=roles(Role.SENDCO, Role.SLT, Role.GOVERNOR), kwargs=_walk_kwargs),
    "walks:walk_edit": Entry(roles=PLANNERS, kwargs=_walk_kwargs),
    "walks:walk_announce": Entry(
        roles=PLANNERS, kwargs=_walk_kwargs, method="post", ok=frozenset({302})
    ),
    "walks:walk_state": Entry(
        roles=PLANNERS,
        kwargs=_walk_kwargs,
        method="post",
        ok=frozenset({302}),
        data=lambda cast: {"to": "in_progress"},
    ),
    "walks:visit_add": Entry(roles=PLANNERS, kwargs=_walk_kwargs),
    "walks:visit_edit": Entry(roles=PLANNERS, kwargs=_visit_kwargs),
    "walks:visit_remove": Entry(
        roles=PLANNERS, kwargs=_visit_kwargs, method="post", ok=frozenset({302})
    ),
}
