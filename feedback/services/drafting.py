"""Drafting feedback from an observation, the coach's checks, and releasing it."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from feedback.coach import CoachResult, coach_draft, lines
from feedback.models import BeforeVisitDay, Feedback, Observation
from feedback.services.words import school_words
from schools.models import User
from sendit.lib.versions import VersionConflict, update_if_current


class ReleaseBlocked(Exception):
    """The coach's checks fail and no reason to override them was written."""

    def __init__(self, result: CoachResult) -> None:
        super().__init__("The coach's checks do not pass yet.")
        self.result = result


def feedback_for(*, observation: Observation, user: User) -> Feedback:
    """The observation's feedback, or a new unsaved draft built from it.

    Strengths first and all of them; only the first two "even better if"
    points, since a note with more than two is hard to act on.
    """
    try:
        return observation.feedback
    except Feedback.DoesNotExist:
        return Feedback(
            observation=observation,
            strengths="\n".join(lines(observation.strengths)),
            points_to_develop="\n".join(lines(observation.even_better_if)[:2]),
            drafted_by=user,
            version=0,
        )


FEEDBACK_FIELDS = ("strengths", "points_to_develop", "next_step", "provision", "provide_by")


def feedback_save(*, feedback: Feedback, data: dict, base_version: int) -> Feedback:
    """Save a draft, refusing a save based on an older version (VersionConflict)."""
    values = {name: data.get(name) for name in FEEDBACK_FIELDS}
    values["provision"] = values["provision"] or ""
    values["strengths"] = values["strengths"] or ""
    values["points_to_develop"] = values["points_to_develop"] or ""
    values["next_step"] = values["next_step"] or ""
    if feedback.pk is None:
        # Two tabs may both start the first draft; the one-to-one constraint
        # lets only one of them create it.
        try:
            with transaction.atomic():
                for name, value in values.items():
                    setattr(feedback, name, value)
                feedback.version = 1
                feedback.save()
        except IntegrityError:
            current = Feedback.objects.get(observation=feedback.observation)
            raise VersionConflict(current, base_version=base_version) from None
        return feedback
    update_if_current(
        Feedback.objects.filter(status=Feedback.Status.DRAFT),
        pk=feedback.pk,
        base_version=base_version,
        values=values,
    )
    feedback.refresh_from_db()
    return feedback


def feedback_coach(*, feedback: Feedback, today: date | None = None) -> CoachResult:
    school = feedback.observation.visit.walk.school
    return coach_draft(
        strengths=feedback.strengths,
        points=feedback.points_to_develop,
        next_step=feedback.next_step,
        provision=feedback.provision,
        provide_by=feedback.provide_by,
        words=school_words(school=school),
        today=today or timezone.localdate(),
    )


def feedback_release(*, feedback: Feedback, user: User, override_reason: str = "") -> Feedback:
    """Release the note if the coach's checks pass, or with a written reason to override.

    Not before the visit's day, and only by staff (the model refuses both).
    """
    visit = feedback.observation.visit
    if not visit.day_has_come():
        raise BeforeVisitDay(visit, "release feedback")
    result = feedback_coach(feedback=feedback)
    reason = override_reason.strip()
    if not result.passed and not reason:
        raise ReleaseBlocked(result)
    feedback.release(by=user, override_reason="" if result.passed else reason)
    return feedback
