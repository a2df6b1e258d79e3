"""Writes of the outcomes: needs assessments and meetings with parents, each
saved with the version check (sendit/lib/versions.py) so that two people
editing the same record never overwrite each other silently. Saves go
through ``Model.save`` so the record of changes (audit/changes.py) sees them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import QuerySet

from outcomes.models import NeedsAssessment, ParentMeeting
from pupils.models import Pupil
from schools.models import User
from sendit.lib.versions import version_check

M = TypeVar("M", NeedsAssessment, ParentMeeting)


def _save_if_current(
    queryset: QuerySet[M], *, pk: int, version: int, values: Mapping[str, Any]
) -> M:
    """Lock the record, check it is still at ``version`` and save ``values``
    (raises VersionConflict, writing nothing, when it was saved since)."""
    with transaction.atomic():
        current = queryset.select_for_update().get(pk=pk)
        version_check(current, base_version=version)
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
    return current


def needs_assessment_create(
    *, pupil: Pupil, user: User, values: Mapping[str, Any]
) -> NeedsAssessment:
    assessment = NeedsAssessment(school_id=pupil.school_id, pupil=pupil, created_by=user)
    for name, value in values.items():
        setattr(assessment, name, value)
    assessment.save()
    return assessment


def needs_assessment_update(
    *,
    assessments: QuerySet[NeedsAssessment],
    assessment: NeedsAssessment,
    values: Mapping[str, Any],
    version: int,
) -> NeedsAssessment:
    return _save_if_current(assessments, pk=assessment.pk, version=version, values=values)


def parent_meeting_create(*, pupil: Pupil, user: User, values: Mapping[str, Any]) -> ParentMeeting:
    meeting = ParentMeeting(pupil=pupil, recorded_by=user)
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.save()
    return meeting


def parent_meeting_update(
    *,
    meetings: QuerySet[ParentMeeting],
    meeting: ParentMeeting,
    values: Mapping[str, Any],
    version: int,
) -> ParentMeeting:
    return _save_if_current(meetings, pk=meeting.pk, version=version, values=values)


def saved_values(instance: models.Model, names: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in names}
