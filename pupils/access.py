"""Who may see which pupils and teaching groups (DESIGN.md, "Access rules").

SENDCo and SLT see every pupil of their school; teachers and teaching
assistants see only pupils in their own groups; governors see none.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from audit.models import ReadKind, RecordRead
from pupils.models import (
    AccessArrangement,
    Assessment,
    Concern,
    EhcPlan,
    Intervention,
    ProfileReview,
    Pupil,
    PupilProfile,
    StaffRate,
    TeachingGroup,
)
from schools.models import Role, User
from schools.roles import CLASSROOM_STAFF, SEND_LEADERS
from sendit.lib.access import in_school, school_id_of


def _own_groups(user: User) -> Q:
    return Q(teachers=user) | Q(teaching_assistants=user)


def groups_for(user: User) -> QuerySet[TeachingGroup]:
    groups = in_school(TeachingGroup.objects.all(), user)
    if user.has_role(*SEND_LEADERS):
        return groups
    if user.has_role(*CLASSROOM_STAFF):
        return groups.filter(pk__in=TeachingGroup.objects.filter(_own_groups(user)).values("pk"))
    return groups.none()


def own_groups_for(user: User) -> QuerySet[TeachingGroup]:
    """The groups this member of staff teaches or supports, whatever their other roles."""
    return TeachingGroup.objects.filter(school_id=school_id_of(user)).filter(
        pk__in=TeachingGroup.objects.filter(_own_groups(user)).values("pk")
    )


def pupils_for(user: User) -> QuerySet[Pupil]:
    pupils = in_school(Pupil.objects.all(), user)
    if user.has_role(*SEND_LEADERS):
        return pupils
    if user.has_role(*CLASSROOM_STAFF):
        return pupils.filter(
            pk__in=Pupil.objects.filter(teaching_groups__in=own_groups_for(user)).values("pk")
        )
    return pupils.none()


def profiles_for(user: User) -> QuerySet[PupilProfile]:
    """One-page profiles are meant for staff: those of every pupil the user may open."""
    return in_school(PupilProfile.objects.all(), user, field="pupil__school").filter(
        pupil__in=pupils_for(user)
    )


def sees_full_record(user: User) -> bool:
    """SENDCo and SLT read the whole record; classroom staff only the parts meant for them."""
    return user.has_role(*SEND_LEADERS)


def reviews_for(user: User) -> QuerySet[ProfileReview]:
    """Profile reviews hold the history of the support: SENDCo and SLT only."""
    reviews = in_school(ProfileReview.objects.all(), user, field="pupil__school")
    if user.has_role(*SEND_LEADERS):
        return reviews
    return reviews.none()


def record_reads_for(user: User) -> QuerySet[RecordRead]:
    """Who was shown which pupil's record: the audit of reading is the SENDCo's to read."""
    reads = in_school(RecordRead.objects.all(), user).filter(kind=ReadKind.PUPIL)
    if user.has_role(Role.SENDCO):
        return reads
    return reads.none()


def interventions_for(user: User) -> QuerySet[Intervention]:
    """The provision map: SENDCo and SLT see all of the school's interventions."""
    if not user.has_role(*SEND_LEADERS):
        return in_school(Intervention.objects.all(), user).none()
    return in_school(Intervention.objects.all(), user)


# The school's hourly rates by role are kept by the SENDCo and the school admin;
# senior leaders read them with the costs they give.
RATE_KEEPERS: tuple[str, ...] = (Role.SENDCO, Role.SCHOOL_ADMIN)
RATE_READERS: tuple[str, ...] = (*SEND_LEADERS, Role.SCHOOL_ADMIN)


def staff_rates_for(user: User) -> QuerySet[StaffRate]:
    rates = in_school(StaffRate.objects.all(), user)
    if not user.has_role(*RATE_READERS):
        return rates.none()
    return rates


def keeps_rates(user: User) -> bool:
    return user.has_role(*RATE_KEEPERS)


def concerns_for(user: User) -> QuerySet[Concern]:
    """The SENDCo and SLT see every concern; anyone else only those they raised."""
    concerns = in_school(Concern.objects.all(), user)
    if user.has_role(*SEND_LEADERS):
        return concerns
    return concerns.filter(raised_by=user)


# Provision records (assessments, access arrangements, EHC plans) are the
# sensitive history: only the SENDCo and SLT reach them, whatever the pupil.


def assessments_for(user: User) -> QuerySet[Assessment]:
    assessments = in_school(Assessment.objects.all(), user, field="pupil__school")
    if not user.has_role(*SEND_LEADERS):
        return assessments.none()
    return assessments


def arrangements_for(user: User) -> QuerySet[AccessArrangement]:
    arrangements = in_school(AccessArrangement.objects.all(), user, field="pupil__school")
    if not user.has_role(*SEND_LEADERS):
        return arrangements.none()
    return arrangements


def ehc_plans_for(user: User) -> QuerySet[EhcPlan]:
    plans = in_school(EhcPlan.objects.all(), user, field="pupil__school")
    if not user.has_role(*SEND_LEADERS):
        return plans.none()
    return plans
