"""Past school years for the large demo (`seed_demo --size large`).

The benchmark needs a school with three school years of records, not one.
The seeders write this year's; this module copies the records of this school
year back by whole years (364 days, so that walks keep their weekdays):
walks with their focus areas and observers, visits, observations with their
evidence, feedback and replies, walk reports, profile reviews with their
outcomes, interventions with their needs and places, and assessments. The
copies are bulk inserts, so they take seconds, and they are made once: a
school that already has walks before this school year is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.db import models

from demo.schools import DemoStaff
from feedback.models import Feedback, FeedbackReply, FocusEvidence, Observation, WalkReport
from pupils.models import (
    Assessment,
    Intervention,
    InterventionNeed,
    InterventionPlace,
    ProfileReview,
    TargetOutcome,
)
from sendit.lib.dates import school_year_start
from walks.models import LearningWalk, Visit

M = TypeVar("M", bound=models.Model)
YEAR = timedelta(days=364)


def _copies(
    rows: Iterable[M], back: timedelta, remap: dict[str, dict[int, int]], **fixed: Any
) -> tuple[list[M], list[int]]:
    """Unsaved copies of ``rows`` with every date and time ``back`` earlier and
    the foreign keys named in ``remap`` pointed at the copies of their targets;
    with the original primary keys, in the same order."""
    made: list[M] = []
    originals: list[int] = []
    for row in rows:
        values: dict[str, Any] = {}
        for f in row._meta.concrete_fields:
            if f.primary_key:
                continue
            value = getattr(row, f.attname)
            if isinstance(value, datetime | date) and value is not None:
                value = value - back
            if f.attname in remap and value is not None:
                value = remap[f.attname][value]
            values[f.attname] = value
        values.update(fixed)
        made.append(type(row)(**values))
        originals.append(row.pk)
    return made, originals


def _copy(
    model: type[M], rows: Iterable[M], back: timedelta, remap: dict[str, dict[int, int]]
) -> dict[int, int]:
    """Insert the copies; returns {original pk: copy's pk}."""
    made, originals = _copies(rows, back, remap)
    model._default_manager.bulk_create(made, batch_size=1000)
    return {old: new.pk for old, new in zip(originals, made, strict=True)}


def _copy_links(through: Any, source: str, mapping: dict[int, int], other: str) -> None:
    """Copy a many-to-many table's rows for the copied ``source`` objects."""
    rows = through.objects.filter(**{f"{source}__in": list(mapping)}).values_list(source, other)
    through.objects.bulk_create(
        [through(**{f"{source}_id": mapping[a], f"{other}_id": b}) for a, b in rows],
        batch_size=2000,
    )


def seed_history(staff: DemoStaff, today: date, *, years: int) -> None:
    school = staff.school
    this_year = date(school_year_start(today), 9, 1)
    if LearningWalk.objects.filter(school=school, starts_on__lt=this_year - YEAR).exists():
        return
    walks = list(LearningWalk.objects.filter(school=school, starts_on__gte=this_year))
    visits = list(Visit.objects.filter(walk__in=walks))
    observations = list(Observation.objects.filter(visit__in=visits))
    evidence = list(FocusEvidence.objects.filter(observation__in=observations))
    feedback = list(Feedback.objects.filter(observation__in=observations))
    replies = list(FeedbackReply.objects.filter(feedback__in=feedback))
    reports = list(WalkReport.objects.filter(walk__in=walks))
    reviews = list(ProfileReview.objects.filter(pupil__school=school, held_on__gte=this_year))
    outcomes = list(TargetOutcome.objects.filter(review__in=reviews))
    interventions = list(Intervention.objects.filter(school=school, starts_on__gte=this_year))
    needs = list(InterventionNeed.objects.filter(intervention__in=interventions))
    places = list(InterventionPlace.objects.filter(intervention__in=interventions))
    assessments = list(Assessment.objects.filter(pupil__school=school, taken_on__gte=this_year))
    for n in range(1, years + 1):
        back = YEAR * n
        walk_ids = _copy(LearningWalk, walks, back, {})
        _copy_links(LearningWalk.focus_areas.through, "learningwalk", walk_ids, "focusarea")
        _copy_links(LearningWalk.observers.through, "learningwalk", walk_ids, "user")
        visit_ids = _copy(Visit, visits, back, {"walk_id": walk_ids})
        _copy_links(Visit.observers.through, "visit", visit_ids, "user")
        observation_ids = _copy(Observation, observations, back, {"visit_id": visit_ids})
        _copy(FocusEvidence, evidence, back, {"observation_id": observation_ids})
        feedback_ids = _copy(Feedback, feedback, back, {"observation_id": observation_ids})
        _copy(FeedbackReply, replies, back, {"feedback_id": feedback_ids})
        _copy(WalkReport, reports, back, {"walk_id": walk_ids})
        review_ids = _copy(ProfileReview, reviews, back, {})
        _copy(TargetOutcome, outcomes, back, {"review_id": review_ids})
        intervention_ids = _copy(Intervention, interventions, back, {})
        _copy(InterventionNeed, needs, back, {"intervention_id": intervention_ids})
        _copy(InterventionPlace, places, back, {"intervention_id": intervention_ids})
        _copy(Assessment, assessments, back, {})
