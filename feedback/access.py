"""Querysets of this app scoped to the signed-in user (DESIGN.md, "Access rules").

Observers see and edit their own observations; the SENDCo and SLT read all;
a teacher sees only released records of visits to their own classes;
governors see only the whole-school picture, which is built from aggregates.
Governors and other professionals who observe record what they see; only
staff observers draft and release feedback to the teacher, and nothing is
drafted from a visit whose day has not come (school time).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from feedback.models import Feedback, JudgementalWord, Observation, WalkReport
from schools.models import Role, User
from schools.roles import ALL_STAFF, FEEDBACK_WRITERS, SEND_LEADERS
from sendit.lib.access import ensure_role, in_school
from walks.models import LearningWalk, Visit


def _school_observations(user: User) -> QuerySet[Observation]:
    return in_school(Observation.objects.all(), user, field="visit__walk__school")


def own_observation_of(user: User, visit: Visit) -> Observation | None:
    """The user's record of the visit, if they have saved one (opening the page makes none)."""
    return own_observations(user).filter(visit=visit).first()


def visits_to_observe(user: User) -> QuerySet[Visit]:
    """Visits of the user's school on which the user is one of the observers."""
    return in_school(Visit.objects.all(), user, field="walk__school").filter(observers=user)


def own_observations(user: User) -> QuerySet[Observation]:
    """The observer's own records: the only ones they may edit."""
    return _school_observations(user).filter(observer=user, visit__observers=user)


def observations_for_leaders(user: User) -> QuerySet[Observation]:
    """Every observation of the school, read-only, for the SENDCo and SLT."""
    ensure_role(user, *SEND_LEADERS)
    return _school_observations(user)


def end_of_school_today() -> datetime:
    """Midnight at the end of today, school time: visits before it have had their day."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def observations_to_draft(user: User) -> QuerySet[Observation]:
    """Completed observations the user may draft feedback from: the SENDCo any, other staff
    observers their own; governors and other professionals none."""
    if not user.has_role(*FEEDBACK_WRITERS):
        return Observation.objects.none()
    completed = _school_observations(user).filter(
        status=Observation.Status.COMPLETED, visit__starts_at__lt=end_of_school_today()
    )
    if user.has_role(Role.SENDCO):
        return completed
    return completed.filter(observer=user)


def may_draft_feedback(user: User) -> bool:
    return user.has_role(*FEEDBACK_WRITERS)


def released_notes_for_teacher(user: User) -> QuerySet[Feedback]:
    """Released feedback on visits to a class the user teaches and was visited in
    (a note withdrawn after release too: the teacher reads that it was, and why)."""
    return in_school(Feedback.objects.all(), user, field="observation__visit__walk__school").filter(
        status__in=(Feedback.Status.RELEASED, Feedback.Status.WITHDRAWN),
        observation__visit__teacher=user,
        observation__visit__group__teachers=user,
    )


def released_records_of_visit(user: User, visit: Visit) -> QuerySet[Observation]:
    """Every completed record of a visit to the teacher's class that has been
    released to them, not only the one a note was drafted from."""
    return _school_observations(user).filter(
        visit=visit,
        visit__teacher=user,
        visit__group__teachers=user,
        status=Observation.Status.COMPLETED,
        feedback__status=Feedback.Status.RELEASED,
    )


def shared_good_practice(user: User) -> QuerySet[Feedback]:
    ensure_role(user, *ALL_STAFF)
    return in_school(Feedback.objects.all(), user, field="observation__visit__walk__school").filter(
        status=Feedback.Status.RELEASED, share_agreed_at__isnull=False
    )


def walks_to_report(user: User) -> QuerySet[LearningWalk]:
    """Completed walks whose report the SENDCo drafts and publishes."""
    ensure_role(user, Role.SENDCO)
    return in_school(LearningWalk.objects.all(), user).filter(state=LearningWalk.State.COMPLETED)


def published_reports(user: User) -> QuerySet[WalkReport]:
    ensure_role(user, *ALL_STAFF)
    return in_school(WalkReport.objects.all(), user, field="walk__school").filter(
        status=WalkReport.Status.PUBLISHED
    )


def judgemental_words_for(user: User) -> QuerySet[JudgementalWord]:
    ensure_role(user, Role.SENDCO)
    return in_school(JudgementalWord.objects.all(), user)
