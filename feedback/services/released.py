"""After release: telling the teacher, correcting or withdrawing a note, and replies.

Releasing is final; a released note changes only by a correction (the
earlier wording kept) or a withdrawal with a reason, and the teacher is
told of either. Emails name the walk and the day, never the note's text.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from feedback.coach import coach_draft
from feedback.models import Feedback, FeedbackReply
from feedback.services.drafting import FEEDBACK_FIELDS, ReleaseBlocked, tell_teacher
from feedback.services.words import school_words
from notifications.models import Kind
from notifications.services import notification_send, notify_sendcos
from schools.models import User
from schools.roles import FEEDBACK_WRITERS
from sendit.lib.versions import version_check


class NotReleased(Exception):
    """Correcting or withdrawing a note that is not (or no longer) released."""


@transaction.atomic
def feedback_correct(
    *, feedback: Feedback, user: User, data: dict, base_version: int, override_reason: str = ""
) -> Feedback:
    """Correct a released note: the earlier wording is kept and the teacher is told.

    Checked by the coach like a release; refused when the note changed since
    the form was opened (VersionConflict) or is no longer released.
    """
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if not feedback.is_released:
        raise NotReleased("This note is not released, so there is nothing to correct.")
    version_check(feedback, base_version=base_version)
    values = {
        name: data.get(name) or ("" if name != "provide_by" else None) for name in FEEDBACK_FIELDS
    }
    result = coach_draft(
        strengths=str(values["strengths"]),
        points=str(values["points_to_develop"]),
        next_step=str(values["next_step"]),
        provision=str(values["provision"]),
        provide_by=data.get("provide_by") or None,
        words=school_words(school=feedback.observation.visit.walk.school),
        today=timezone.localdate(),
    )
    if not result.passed and not override_reason.strip():
        raise ReleaseBlocked(result)
    feedback.correct(by=user, values=values)
    if not result.passed:
        feedback.override_reason = override_reason.strip()
        feedback.save(update_fields=["override_reason"])
    tell_teacher(
        feedback,
        Kind.FEEDBACK_CHANGED,
        "The note on {visit} was corrected",
        f"corrected:{feedback.version}",
    )
    return feedback


@transaction.atomic
def feedback_withdraw(*, feedback: Feedback, user: User, reason: str) -> Feedback:
    """Withdraw a released note with a reason the teacher reads; the teacher is told."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if not feedback.is_released:
        raise NotReleased("This note is not released, so it cannot be withdrawn.")
    feedback.withdraw(by=user, reason=reason.strip())
    tell_teacher(feedback, Kind.FEEDBACK_CHANGED, "The note on {visit} was withdrawn", "withdrawn")
    return feedback


def feedback_reply(*, feedback: Feedback, user: User, text: str) -> FeedbackReply:
    """Add a reply to a released note; a teacher's reply is news to the observer and the SENDCo."""
    reply = FeedbackReply.objects.create(feedback=feedback, author=user, text=text)
    observation = feedback.observation
    visit = observation.visit
    if user.pk != visit.teacher_id:
        return reply
    url = reverse("feedback:draft", kwargs={"observation_pk": observation.pk})
    day = date_format(timezone.localtime(visit.starts_at), "j F Y")
    title = f"A teacher replied to the note on the visit of {day} ({visit.walk.title})"
    event_key = f"reply:{reply.pk}"
    observer = observation.observer
    if observer.is_active and observer.pk != user.pk and observer.has_role(*FEEDBACK_WRITERS):
        notification_send(
            recipient=observer,
            kind=Kind.FEEDBACK_REPLY,
            title=title,
            url=url,
            event_key=event_key,
            school=visit.walk.school_id,
        )
    notify_sendcos(
        school=visit.walk.school_id,
        kind=Kind.FEEDBACK_REPLY,
        title=title,
        url=url,
        event_key=event_key,
        besides=user,
    )
    return reply
