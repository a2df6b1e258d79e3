from __future__ import annotations

from django.utils import timezone

from feedback.models import Feedback, JudgementalWord, Observation, WalkReport
from schools.models import Role
from schools.roles import ALL_STAFF, LEADERS_AND_GOVERNORS, OBSERVERS
from tests.access import Entry, roles
from tests.factories import make_observation, make_visit, make_walk
from walks.models import LearningWalk


def _visit(cast):
    """A completed walk's visit to the teacher's class, observed by the SENDCo and SLT."""
    walk = make_walk(
        cast.school, observers=[cast.sendco, cast.slt], state=LearningWalk.State.COMPLETED
    )
    return make_visit(walk, cast.group, teacher=cast.teacher)


def _observation(cast) -> Observation:
    observation = make_observation(
        _visit(cast), cast.sendco, strengths="Clear routines", status="completed"
    )
    return observation


def _released(cast) -> Feedback:
    return Feedback.objects.create(
        observation=_observation(cast),
        strengths="Clear routines",
        status=Feedback.Status.RELEASED,
        released_at=timezone.now(),
    )


def _drafted(cast) -> dict:
    feedback = Feedback.objects.create(
        observation=_observation(cast),
        strengths="Clear routines\nWarm welcome",
        points_to_develop="Check understanding",
        next_step="Try a hinge question",
        provision="time",
        provide_by=timezone.localdate(),
    )
    return {"observation_pk": feedback.observation_id}


def _report(cast) -> WalkReport:
    return WalkReport.objects.create(
        walk=_visit(cast).walk,
        strengths="Calm starts",
        status=WalkReport.Status.PUBLISHED,
        published_at=timezone.now(),
    )


def _word(cast) -> dict:
    return {"pk": JudgementalWord.objects.create(school=cast.school, word="dreadful").pk}


ENTRIES: dict[str, Entry] = {
    "feedback:my_observations": Entry(roles=frozenset(OBSERVERS)),
    "feedback:capture": Entry(
        roles=roles(Role.SENDCO, Role.SLT), kwargs=lambda cast: {"visit_pk": _visit(cast).pk}
    ),
    "feedback:observations": Entry(roles=roles(Role.SENDCO, Role.SLT)),
    "feedback:observation": Entry(
        roles=roles(Role.SENDCO, Role.SLT), kwargs=lambda cast: {"pk": _observation(cast).pk}
    ),
    # Only the SENDCo, or the observation's own observer (here the SENDCo).
    "feedback:draft": Entry(
        roles=roles(Role.SENDCO), kwargs=lambda cast: {"observation_pk": _observation(cast).pk}
    ),
    "feedback:coach": Entry(
        roles=roles(Role.SENDCO),
        kwargs=lambda cast: {"observation_pk": _observation(cast).pk},
        method="post",
        data=lambda cast: {"strengths": "A\nB", "points_to_develop": "C"},
    ),
    "feedback:release": Entry(
        roles=roles(Role.SENDCO),
        kwargs=_drafted,
        method="post",
        ok=frozenset({302}),
        data=lambda cast: {"version": 1},
    ),
    # A released note: corrected or withdrawn by the SENDCo or its own observer.
    "feedback:correct": Entry(
        roles=roles(Role.SENDCO),
        kwargs=lambda cast: {"observation_pk": _released(cast).observation_id},
    ),
    "feedback:withdraw": Entry(
        roles=roles(Role.SENDCO),
        kwargs=lambda cast: {"observation_pk": _released(cast).observation_id},
    ),
    "feedback:words": Entry(roles=roles(Role.SENDCO)),
    "feedback:word_remove": Entry(
        roles=roles(Role.SENDCO), kwargs=_word, method="post", ok=frozenset({302})
    ),
    # Only the teacher of the visited class, once released.
    "feedback:walk_notes": Entry(roles=roles(Role.TEACHER)),
    "feedback:note": Entry(
        roles=roles(Role.TEACHER), kwargs=lambda cast: {"pk": _released(cast).pk}
    ),
    "feedback:good_practice": Entry(roles=frozenset(ALL_STAFF)),
    "feedback:picture": Entry(roles=frozenset(LEADERS_AND_GOVERNORS)),
    "feedback:reports": Entry(roles=frozenset(ALL_STAFF)),
    "feedback:report": Entry(
        roles=frozenset(ALL_STAFF), kwargs=lambda cast: {"pk": _report(cast).pk}
    ),
    "feedback:report_edit": Entry(
        roles=roles(Role.SENDCO), kwargs=lambda cast: {"walk_pk": _visit(cast).walk.pk}
    ),
}
