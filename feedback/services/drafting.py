"""Drafting feedback from an observation, the coach's checks, and releasing it."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from feedback.coach import CoachResult, coach_draft, lines
from feedback.models import BeforeVisitDay, Feedback, Observation
from feedback.services.words import school_words
from notifications.models import Kind
from notifications.services import notification_send
from schools.models import User
from sendit.lib.versions import VersionConflict, update_if_current, version_check


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


def feedback_release(
    *, feedback: Feedback, user: User, override_reason: str = "", base_version: int | None = None
) -> Feedback:
    """Release the note if the coach's checks pass, or with a written reason to override.

    Not before the visit's day, and only by staff (the model refuses both).
    A note already released (or withdrawn) stays as it is, so releasing twice
    tells nobody twice; ``base_version`` is the version the person confirmed,
    and a note changed since is a VersionConflict.
    """
    if feedback.status != Feedback.Status.DRAFT:
        return feedback
    if base_version is not None:
        version_check(feedback, base_version=base_version)
    visit = feedback.observation.visit
    if not visit.day_has_come():
        raise BeforeVisitDay(visit, "release feedback")
    result = feedback_coach(feedback=feedback)
    reason = override_reason.strip()
    if not result.passed and not reason:
        raise ReleaseBlocked(result)
    feedback.release(by=user, override_reason="" if result.passed else reason)
    tell_teacher(
        feedback, Kind.FEEDBACK_RELEASED, "Feedback on {visit} is ready to read", "released"
    )
    return feedback


def _visit_words(feedback: Feedback) -> str:
    """The walk and the day, the most an email says about a note (never its text)."""
    visit = feedback.observation.visit
    day = date_format(timezone.localtime(visit.starts_at), "j F Y")
    return f"your lesson on {day} ({visit.walk.title})"


def tell_teacher(feedback: Feedback, kind: str, title: str, event: str) -> None:
    visit = feedback.observation.visit
    if visit.teacher_id is None:
        return
    notification_send(
        recipient=visit.teacher,
        kind=kind,
        title=title.format(visit=_visit_words(feedback)),
        url=reverse("feedback:note", kwargs={"pk": feedback.pk}),
        event_key=f"feedback:{feedback.pk}:{event}",
        school=visit.walk.school_id,
    )
