"""Who may see the outcomes (issue #11): SENDCo and SLT read all of them for
their school; only the SENDCo records needs assessments and meetings with
parents; the SENDCo and the school admin import attendance. Teachers, TAs and
governors reach none of it (governors see the anonymised summary only)."""

from __future__ import annotations

from django.db.models import QuerySet

from outcomes.models import AttendanceRecord, NeedsAssessment, ParentMeeting
from pupils.access import pupils_for, reviews_for
from pupils.models import ProfileReview, Pupil, SenStatus
from schools.models import Role, User
from schools.roles import RECORD_KEEPERS, SEND_LEADERS
from sendit.lib.access import in_school

READERS: tuple[str, ...] = SEND_LEADERS
EDITORS: tuple[str, ...] = (Role.SENDCO,)
IMPORTERS: tuple[str, ...] = RECORD_KEEPERS


def edits_outcomes(user: User) -> bool:
    return user.has_role(*EDITORS)


def attendance_for(user: User) -> QuerySet[AttendanceRecord]:
    records = in_school(AttendanceRecord.objects.all(), user)
    if not user.has_role(*READERS):
        return records.none()
    return records


def needs_assessments_for(user: User) -> QuerySet[NeedsAssessment]:
    found = in_school(NeedsAssessment.objects.all(), user)
    if not user.has_role(*READERS):
        return found.none()
    return found


def parent_meetings_for(user: User) -> QuerySet[ParentMeeting]:
    found = in_school(ParentMeeting.objects.all(), user, field="pupil__school")
    if not user.has_role(*READERS):
        return found.none()
    return found


def profile_reviews_for(user: User) -> QuerySet[ProfileReview]:
    """Profile reviews count as meetings with parents (pupils.access decides who sees them)."""
    return reviews_for(user)


def register_pupils_for(user: User) -> QuerySet[Pupil]:
    """Pupils at SEN support or with an EHC plan, for the readers of the outcomes."""
    pupils = pupils_for(user).exclude(sen_status=SenStatus.NONE)
    if not user.has_role(*READERS):
        return pupils.none()
    return pupils


def assessable_pupils_for(user: User) -> QuerySet[Pupil]:
    """Pupils a needs assessment may be recorded for: any pupil of the school
    (a request often comes before the pupil is on the register)."""
    pupils = pupils_for(user)
    if not user.has_role(*READERS):
        return pupils.none()
    return pupils
