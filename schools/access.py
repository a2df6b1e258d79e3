"""Who may see which schools, staff and jobs."""

from __future__ import annotations

from django.db.models import QuerySet

from schools.models import PUPIL_DATA_ROLES, BackgroundJob, Role, RoleGrant, School, User
from schools.roles import RECORD_KEEPERS
from sendit.lib.access import ensure_role, in_school, school_id_of


def school_for(user: User) -> School:
    return School.objects.get(pk=school_id_of(user))


def staff_for(user: User) -> QuerySet[User]:
    """Colleagues in the user's own school, for school admins and the SENDCo."""
    ensure_role(user, *RECORD_KEEPERS)
    return in_school(User.objects.filter(is_active=True), user)


def jobs_for(user: User) -> QuerySet[BackgroundJob]:
    """Background jobs of the user's school, for those who run the school's set-up."""
    ensure_role(user, *RECORD_KEEPERS)
    return in_school(BackgroundJob.objects.all(), user)


# Staff and roles: the school admin manages staff; the SENDCo reads the staff
# pages (DESIGN.md, "Staff and roles").
STAFF_MANAGE_ROLES = (Role.SCHOOL_ADMIN,)


def staff_members_for(user: User) -> QuerySet[User]:
    """Everyone on the staff of the user's school, leavers included."""
    ensure_role(user, *RECORD_KEEPERS)
    return in_school(User.objects.all(), user)


def staff_managed_by(user: User) -> QuerySet[User]:
    """The staff a school admin may edit, deactivate and reactivate."""
    ensure_role(user, *STAFF_MANAGE_ROLES)
    return in_school(User.objects.all(), user)


def grants_to_decide_for(user: User) -> QuerySet[RoleGrant]:
    """Pending grants of a pupil-data role this user may confirm or decline:
    never one for themselves, never one they asked for."""
    ensure_role(user, *PUPIL_DATA_ROLES)
    return (
        in_school(RoleGrant.objects.filter(status=RoleGrant.Status.PENDING), user)
        .exclude(user=user)
        .exclude(requested_by=user)
        .select_related("user", "requested_by")
    )
