"""A completed walk visiting the cast's classes, shared by the feedback tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from feedback.models import Feedback, Observation
from pupils.models import Strategy
from tests.factories import make_focus_area, make_observation, make_profile, make_visit, make_walk
from walks.models import FocusArea, LearningWalk, Visit


@dataclass
class WalkSetup:
    walk: LearningWalk
    focus: list[FocusArea]
    visit: Visit  # to cast.group, taught by cast.teacher; observers SENDCo and SLT
    visit2: Visit  # to cast.group2, taught by cast.teacher2
    strategies: list[Strategy]  # cast.pupil's profile


@pytest.fixture
def setup(cast) -> WalkSetup:
    focus = [
        make_focus_area(cast.school, "Scaffolding for all", prompt="Is work broken into steps?"),
        make_focus_area(cast.school, "Seating plans", prompt="Are pupils seated to help?"),
    ]
    walk = make_walk(
        cast.school,
        focus_areas=focus,
        observers=[cast.sendco, cast.slt],
        state=LearningWalk.State.COMPLETED,
        title="Autumn walk",
    )
    profile = make_profile(cast.pupil, strategies=["Sit near the front", "Give a task checklist"])
    return WalkSetup(
        walk=walk,
        focus=focus,
        visit=make_visit(walk, cast.group, teacher=cast.teacher),
        visit2=make_visit(walk, cast.group2, teacher=cast.teacher2),
        strategies=list(profile.strategies.all()),
    )


def completed(visit: Visit, observer, **extra: object) -> Observation:
    extra.setdefault("strengths", "Calm start with clear routines\nModelled the first example")
    extra.setdefault("even_better_if", "Check understanding before independent work")
    return make_observation(
        visit, observer, status=Observation.Status.COMPLETED, completed_at=timezone.now(), **extra
    )


def released(observation: Observation, **extra: object) -> Feedback:
    extra.setdefault("strengths", "Calm start with clear routines\nModelled the first example")
    extra.setdefault("points_to_develop", "Check understanding before independent work")
    extra.setdefault("next_step", "Try mini whiteboards for a quick check")
    return Feedback.objects.create(
        observation=observation,
        status=Feedback.Status.RELEASED,
        released_at=timezone.now(),
        **extra,
    )
