"""schools/access.py called directly: for each lookup, what each of the cast sees."""

from __future__ import annotations

import pytest
from django.http import Http404

from schools import access
from schools.models import BackgroundJob, Role, RoleGrant
from tests.factories import make_user

ROLES = ["sendco", "slt", "teacher", "teacher2", "ta", "governor", "school_admin", "other_sendco"]


def _seen(lookup, user) -> set[int] | None:
    try:
        return set(lookup(user).values_list("pk", flat=True))
    except Http404:
        return None


def _check(cast, expected: dict[str, set[int] | None], lookup) -> None:
    for role in ROLES:
        assert _seen(lookup, getattr(cast, role)) == expected[role], role


def _staff(cast) -> set[int]:
    return {getattr(cast, role).pk for role in ROLES if role != "other_sendco"}


def test_school_for_is_the_users_own(cast) -> None:
    for role in ROLES:
        user = getattr(cast, role)
        school = cast.other_school if role == "other_sendco" else cast.school
        assert access.school_for(user) == school


def test_staff_lookups(cast) -> None:
    leaver = make_user(cast.school, Role.TEACHER, is_active=False)
    colleague = make_user(cast.other_school, Role.TEACHER)
    staff = _staff(cast)
    other = {cast.other_sendco.pk, colleague.pk}
    readers = dict.fromkeys(ROLES) | {"sendco": staff, "school_admin": staff}
    _check(cast, readers | {"other_sendco": other}, access.staff_for)
    with_leavers = staff | {leaver.pk}
    members = dict.fromkeys(ROLES) | {"sendco": with_leavers, "school_admin": with_leavers}
    _check(cast, members | {"other_sendco": other}, access.staff_members_for)
    managed = dict.fromkeys(ROLES) | {"school_admin": with_leavers}
    _check(cast, managed, access.staff_managed_by)


def test_jobs_of_the_school_for_its_admins(cast) -> None:
    job = BackgroundJob.objects.create(school=cast.school, kind="worker check")
    other = BackgroundJob.objects.create(school=cast.other_school, kind="worker check")
    expected = dict.fromkeys(ROLES) | {
        "sendco": {job.pk},
        "school_admin": {job.pk},
        "other_sendco": {other.pk},
    }
    _check(cast, expected, access.jobs_for)


def test_grants_to_decide_never_ones_own_or_ones_asked_for(cast) -> None:
    for_teacher = RoleGrant.objects.create(
        school=cast.school, user=cast.teacher, role=Role.SLT, requested_by=cast.school_admin
    )
    asked_by_slt = RoleGrant.objects.create(
        school=cast.school, user=cast.teacher2, role=Role.SENDCO, requested_by=cast.slt
    )
    for_slt = RoleGrant.objects.create(
        school=cast.school, user=cast.slt, role=Role.SENDCO, requested_by=cast.school_admin
    )
    expected = dict.fromkeys(ROLES) | {
        "sendco": {for_teacher.pk, asked_by_slt.pk, for_slt.pk},
        "slt": {for_teacher.pk},
        "other_sendco": set(),
    }
    _check(cast, expected, access.grants_to_decide_for)


def test_role_grants_of_the_school_for_the_staff_pages(cast) -> None:
    waiting = RoleGrant.objects.create(
        school=cast.school, user=cast.teacher, role=Role.SLT, requested_by=cast.school_admin
    )
    decided = RoleGrant.objects.create(
        school=cast.school,
        user=cast.teacher2,
        role=Role.SENDCO,
        requested_by=cast.school_admin,
        status=RoleGrant.Status.DECLINED,
    )
    elsewhere = RoleGrant.objects.create(
        school=cast.other_school, user=cast.other_sendco, role=Role.SLT
    )
    readers = dict.fromkeys(ROLES)
    every = readers | {
        "sendco": {waiting.pk, decided.pk},
        "school_admin": {waiting.pk, decided.pk},
        "other_sendco": {elsewhere.pk},
    }
    _check(cast, every, access.role_grants_for)
    pending = readers | {
        "sendco": {waiting.pk},
        "school_admin": {waiting.pk},
        "other_sendco": {elsewhere.pk},
    }
    _check(cast, pending, access.pending_grants_for)


def test_grant_confirmers_are_other_pupil_data_holders_of_the_school(cast) -> None:
    grant = RoleGrant.objects.create(
        school=cast.school, user=cast.teacher, role=Role.SLT, requested_by=cast.slt
    )
    make_user(cast.school, Role.SENDCO, is_active=False)  # a leaver confirms nothing
    make_user(cast.other_school, Role.SLT)
    expected = dict.fromkeys(ROLES) | {
        "sendco": {cast.sendco.pk},
        "school_admin": {cast.sendco.pk},
        "other_sendco": set(),  # not a grant of their school
    }
    _check(cast, expected, lambda user: access.grant_confirmers_for(user, grant))
    asked_by_admin = RoleGrant.objects.create(
        school=cast.school, user=cast.sendco, role=Role.SLT, requested_by=cast.school_admin
    )
    confirmers = access.grant_confirmers_for(cast.school_admin, asked_by_admin)
    assert set(confirmers.values_list("pk", flat=True)) == {cast.slt.pk}


def test_grants_waiting_on_others_are_ones_own_or_asked_for(cast) -> None:
    for_slt = RoleGrant.objects.create(
        school=cast.school, user=cast.slt, role=Role.SENDCO, requested_by=cast.school_admin
    )
    asked_by_sendco = RoleGrant.objects.create(
        school=cast.school, user=cast.teacher, role=Role.SLT, requested_by=cast.sendco
    )
    RoleGrant.objects.create(
        school=cast.school, user=cast.teacher2, role=Role.SLT, requested_by=cast.school_admin
    )
    RoleGrant.objects.create(
        school=cast.school,
        user=cast.ta,
        role=Role.SLT,
        requested_by=cast.sendco,
        status=RoleGrant.Status.CONFIRMED,
    )
    expected = dict.fromkeys(ROLES) | {
        "sendco": {asked_by_sendco.pk},
        "slt": {for_slt.pk},
        "other_sendco": set(),
    }
    _check(cast, expected, access.grants_waiting_on_others_for)


@pytest.mark.parametrize("role", ["teacher", "governor"])
def test_an_account_with_no_school_reaches_nothing(cast, role) -> None:
    user = getattr(cast, role)
    user.membership = None  # no active school (e.g. several, none chosen)
    with pytest.raises(Http404):
        access.school_for(user)
