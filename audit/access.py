"""Who may read the record of changes."""

from __future__ import annotations

from django.db.models import QuerySet

from audit.models import ChangeRecord, SecurityEvent, SecurityKind
from schools.models import Role, User
from sendit.lib.access import ensure_role, in_school, school_id_of


def changes_for(user: User) -> QuerySet[ChangeRecord]:
    """Changes to staff, roles and imports of the user's school, for its school
    admins and the SENDCo."""
    ensure_role(user, Role.SCHOOL_ADMIN, Role.SENDCO)
    return in_school(ChangeRecord.objects.all(), user).select_related("actor", "target_user")


def change_people_for(user: User) -> QuerySet[User]:
    """The people of the user's school who may appear as having made a change."""
    ensure_role(user, Role.SCHOOL_ADMIN, Role.SENDCO)
    return User.objects.filter(memberships__school_id=school_id_of(user)).order_by(
        "last_name", "first_name"
    )


def refusals_for(user: User) -> QuerySet[SecurityEvent]:
    """Refused lookups of the school's records (whoever asked), for its school
    admins and the SENDCo."""
    ensure_role(user, Role.SCHOOL_ADMIN, Role.SENDCO)
    return in_school(
        SecurityEvent.objects.filter(kind=SecurityKind.ACCESS_REFUSED), user
    ).select_related("user")
