"""Who may see which schools, staff and jobs."""

from __future__ import annotations

from django.db.models import QuerySet

from schools.models import BackgroundJob, Role, School, User
from sendit.lib.access import ensure_role, in_school, school_id_of

ADMIN_ROLES = (Role.SCHOOL_ADMIN, Role.SENDCO)


def school_for(user: User) -> School:
    return School.objects.get(pk=school_id_of(user))


def staff_for(user: User) -> QuerySet[User]:
    """Colleagues in the user's own school, for school admins and the SENDCo."""
    ensure_role(user, *ADMIN_ROLES)
    return in_school(User.objects.filter(is_active=True), user)


def jobs_for(user: User) -> QuerySet[BackgroundJob]:
    """Background jobs of the user's school, for those who run the school's set-up."""
    ensure_role(user, *ADMIN_ROLES)
    return in_school(BackgroundJob.objects.all(), user)
