"""Who may see which schools, staff and jobs."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Q, QuerySet
from django.utils import timezone

from schools.models import (
    PUPIL_DATA_ROLES,
    BackgroundJob,
    Membership,
    RetentionRun,
    Role,
    RoleGrant,
    School,
    SchoolYear,
    User,
    UserSession,
)
from schools.roles import RECORD_KEEPERS
from sendit.lib.access import ensure_role, in_school, school_id_of


def school_for(user: User) -> School:
    """The active school, read with the membership (no query of its own)."""
    school_id_of(user)
    assert user.membership is not None
    return user.membership.school


def staff_for(user: User) -> QuerySet[User]:
    """Colleagues in the user's own school, for school admins and the SENDCo."""
    ensure_role(user, *RECORD_KEEPERS)
    school_id = school_id_of(user)
    return User.objects.with_membership_in(school_id).in_school(school_id).filter(is_active=True)


def jobs_for(user: User) -> QuerySet[BackgroundJob]:
    """Background jobs of the user's school, for those who run the school's set-up."""
    ensure_role(user, *RECORD_KEEPERS)
    return in_school(BackgroundJob.objects.all(), user)


# Staff and roles: the school admin manages staff; the SENDCo reads the staff
# pages (DESIGN.md, "Staff and roles").
STAFF_MANAGE_ROLES = (Role.SCHOOL_ADMIN,)


def staff_members_for(user: User) -> QuerySet[User]:
    """Everyone on the staff of the user's active school, leavers included;
    each one's ``membership`` is their membership in this school (roles and
    whether they still work here), never one elsewhere."""
    ensure_role(user, *RECORD_KEEPERS)
    return User.objects.with_membership_in(school_id_of(user))


def staff_memberships_for(user: User) -> QuerySet[Membership]:
    """Memberships of the user's active school (ended ones too), for
    searching the staff pages by role and status."""
    ensure_role(user, *RECORD_KEEPERS)
    return Membership.objects.filter(school_id=school_id_of(user))


def staff_managed_by(user: User) -> QuerySet[User]:
    """The staff a school admin may edit, deactivate and reactivate."""
    ensure_role(user, *STAFF_MANAGE_ROLES)
    return User.objects.with_membership_in(school_id_of(user))


def role_grants_for(user: User) -> QuerySet[RoleGrant]:
    """Every role grant of the user's school (waiting or decided), for the
    staff pages."""
    ensure_role(user, *RECORD_KEEPERS)
    return in_school(RoleGrant.objects.all(), user)


def pending_grants_for(user: User) -> QuerySet[RoleGrant]:
    """The grants of the user's school still waiting for a second person."""
    return role_grants_for(user).filter(status=RoleGrant.Status.PENDING)


def grant_confirmers_for(user: User, grant: RoleGrant) -> QuerySet[User]:
    """Who may confirm ``grant``, a grant of the user's school: its active
    SENDCos and senior leaders, other than the person it is for and the
    person who asked (the rule ``role_grant_decide`` holds them to)."""
    ensure_role(user, *RECORD_KEEPERS)
    school_id = school_id_of(user)
    if grant.school_id != school_id:
        return User.objects.none()
    excluded = [pk for pk in (grant.user_id, grant.requested_by_id) if pk is not None]
    return (
        User.objects.in_school(school_id, *PUPIL_DATA_ROLES)
        .filter(is_active=True)
        .exclude(pk__in=excluded)
    )


def grants_waiting_on_others_for(user: User) -> QuerySet[RoleGrant]:
    """Pending grants of the user's school that are for them or that they
    asked for: someone else decides those."""
    ensure_role(user, *PUPIL_DATA_ROLES)
    return (
        in_school(RoleGrant.objects.filter(status=RoleGrant.Status.PENDING), user)
        .filter(Q(user=user) | Q(requested_by=user))
        .select_related("user", "requested_by")
    )


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


# Term dates: the school admin keeps them; the SENDCo reads them (and every
# page that names a term reads them through schools.terms).
TERM_DATES_READ_ROLES = RECORD_KEEPERS
TERM_DATES_MANAGE_ROLES = (Role.SCHOOL_ADMIN,)


def school_years_for(user: User) -> QuerySet[SchoolYear]:
    """The years of term dates entered for the user's school."""
    ensure_role(user, *TERM_DATES_READ_ROLES)
    return in_school(SchoolYear.objects.all(), user)


def school_years_managed_by(user: User) -> QuerySet[SchoolYear]:
    """The years of term dates a school admin may edit."""
    ensure_role(user, *TERM_DATES_MANAGE_ROLES)
    return in_school(SchoolYear.objects.all(), user)


def retention_runs_for(user: User) -> QuerySet[RetentionRun]:
    """The school's retention runs, for its school admins and the SENDCo."""
    ensure_role(user, *RECORD_KEEPERS)
    return in_school(RetentionRun.objects.all(), user).select_related("run_by")


def retention_policy_editable_by(user: User) -> bool:
    """Only the school admin sets the retention schedule; the SENDCo reads it."""
    ensure_role(user, *RECORD_KEEPERS)
    return user.has_role(Role.SCHOOL_ADMIN)


def signed_in_sessions_for(user: User) -> QuerySet[UserSession]:
    """The person's own signed-in browsers whose session is still live: in the
    session store, unexpired, and within the idle and absolute limits."""
    now = timezone.now()
    live = Session.objects.filter(expire_date__gt=now).values("session_key")
    return UserSession.objects.filter(
        user=user,
        session_key__in=live,
        last_seen__gt=now - timedelta(seconds=settings.SESSION_IDLE_SECONDS),
        signed_in_at__gt=now - timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS),
    ).order_by("-last_seen", "-id")
