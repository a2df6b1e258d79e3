"""Staff and roles (schools app): the school admin manages staff, the SENDCo
reads the staff pages, and SENDCo and senior leaders confirm role grants."""

from __future__ import annotations

from schools.models import Role
from tests.access import ANY_ROLE, Entry, roles

STAFF_READERS = roles(Role.SCHOOL_ADMIN, Role.SENDCO)
MANAGERS = roles(Role.SCHOOL_ADMIN)
CONFIRMERS = roles(Role.SENDCO, Role.SLT)


def _own_school(cast) -> dict:
    return {"school": cast.school.pk}


def _member(cast) -> dict:
    return {"pk": cast.teacher2.pk}


def _year(cast) -> dict:
    # The cast school's entered 2026-27 dates (the other school reads only its own).
    from tests.factories import make_school_year

    return {"pk": make_school_year(cast.school, 2026).pk}


def _grant(cast) -> dict:
    from schools.models import RoleGrant

    # Asked for by the school admin, for a teacher: both SENDCo and SLT may decide it.
    grant = RoleGrant.objects.create(
        school=cast.school, user=cast.teacher2, role=Role.SLT, requested_by=cast.school_admin
    )
    return {"pk": grant.pk}


ENTRIES: dict[str, Entry] = {
    # Choosing and switching the active school: anyone signed in, among their
    # own schools only (tests/test_access_matrix.py tries another's).
    "schools:choose": Entry(roles=ANY_ROLE),
    "schools:switch": Entry(
        roles=ANY_ROLE, method="post", ok=frozenset({302}), data=lambda cast: _own_school(cast)
    ),
    # Your signed-in devices and the idle-timeout warning's requests: one's own
    # sessions only, for anyone signed in (before choosing a school too).
    "schools:devices": Entry(roles=ANY_ROLE),
    "schools:devices_sign_out": Entry(
        roles=ANY_ROLE, method="post", ok=frozenset({302}), data=lambda cast: {"which": "others"}
    ),
    "schools:session_status": Entry(roles=ANY_ROLE),
    "schools:session_stay": Entry(roles=ANY_ROLE, method="post", ok=frozenset({302})),
    "schools:staff": Entry(roles=STAFF_READERS),
    "schools:staff_add": Entry(roles=MANAGERS),
    "schools:staff_detail": Entry(roles=STAFF_READERS, kwargs=_member),
    "schools:staff_edit": Entry(roles=MANAGERS, kwargs=_member),
    "schools:staff_deactivate": Entry(
        roles=MANAGERS, kwargs=_member, method="post", ok=frozenset({302})
    ),
    "schools:staff_reactivate": Entry(
        roles=MANAGERS, kwargs=_member, method="post", ok=frozenset({302})
    ),
    "schools:staff_password_email": Entry(
        roles=MANAGERS, kwargs=_member, method="post", ok=frozenset({302})
    ),
    # Term dates: the school admin keeps them, the SENDCo reads them.
    "schools:term_years": Entry(roles=STAFF_READERS),
    "schools:term_year": Entry(roles=STAFF_READERS, kwargs=_year),
    "schools:term_year_edit": Entry(roles=MANAGERS, kwargs=_year),
    "schools:term_year_new": Entry(roles=MANAGERS),
    # Retention: the school admin sets the periods, the SENDCo reads them and the runs.
    "schools:retention": Entry(roles=STAFF_READERS),
    "schools:role_grants": Entry(roles=CONFIRMERS),
    "schools:role_grant_confirm": Entry(
        roles=CONFIRMERS, kwargs=_grant, method="post", ok=frozenset({302})
    ),
    "schools:role_grant_decline": Entry(
        roles=CONFIRMERS, kwargs=_grant, method="post", ok=frozenset({302})
    ),
}
