"""pupils/access.py called directly: for each lookup, what each of the cast sees.

Views add their own role guards; these tests hold the lookups themselves to
the access rules, so that a widened lookup fails here even behind a guard.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.http import Http404

from audit.models import ReadKind, RecordRead
from pupils import access
from pupils.models import ProfileReview, Pupil
from tests.factories import (
    make_arrangement,
    make_assessment,
    make_concern,
    make_ehc_plan,
    make_intervention,
    make_profile,
)

ROLES = ["sendco", "slt", "teacher", "teacher2", "ta", "governor", "school_admin", "other_sendco"]


@dataclass
class Records:
    """One record of each kind for cast.pupil (teacher's class), cast.pupil2
    (teacher2's class) and the other school's pupil."""

    mine: dict[str, int]
    mine2: dict[str, int]
    other: dict[str, int]


def _records_of(pupil: Pupil, raised_by) -> dict[str, int]:
    return {
        "assessment": make_assessment(pupil).pk,
        "arrangement": make_arrangement(pupil).pk,
        "ehc_plan": make_ehc_plan(pupil).pk,
        "intervention": make_intervention(pupil.school, pupils=[pupil]).pk,
        "concern": make_concern(pupil, raised_by=raised_by).pk,
        "review": ProfileReview.objects.create(pupil=pupil).pk,
        "profile": make_profile(pupil).pk,
        "record_read": RecordRead.objects.create(
            school=pupil.school,
            kind=ReadKind.PUPIL,
            record_id=pupil.pk,
            actor=raised_by,
            page="test",
        ).pk,
    }


@pytest.fixture
def records(cast) -> Records:
    return Records(
        mine=_records_of(cast.pupil, cast.teacher),
        mine2=_records_of(cast.pupil2, cast.teacher2),
        other=_records_of(cast.other_pupil, cast.other_sendco),
    )


def _pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_pupils_and_groups_for_each_role(cast) -> None:
    group_pupils = _pks(cast.group.pupils.all())
    everyone = _pks(Pupil.objects.filter(school=cast.school))
    expected_pupils = {
        "sendco": everyone,
        "slt": everyone,
        "teacher": group_pupils,
        "teacher2": {cast.pupil2.pk},
        "ta": group_pupils,
        "governor": set(),
        "school_admin": set(),
        "other_sendco": {cast.other_pupil.pk},
    }
    both = {cast.group.pk, cast.group2.pk}
    expected_groups = {
        "sendco": both,
        "slt": both,
        "teacher": {cast.group.pk},
        "teacher2": {cast.group2.pk},
        "ta": {cast.group.pk},
        "governor": set(),
        "school_admin": set(),
        "other_sendco": set(),
    }
    expected_own = expected_groups | {"sendco": set(), "slt": set()}
    for role in ROLES:
        user = getattr(cast, role)
        assert _pks(access.pupils_for(user)) == expected_pupils[role], role
        assert _pks(access.groups_for(user)) == expected_groups[role], role
        assert _pks(access.own_groups_for(user)) == expected_own[role], role
        assert access.sees_full_record(user) == (role in ("sendco", "slt", "other_sendco"))


# Lookup, which record, roles that see this school's records.
WHOLE_SCHOOL = {"sendco", "slt"}
CASES = [
    (access.assessments_for, "assessment", WHOLE_SCHOOL),
    (access.arrangements_for, "arrangement", WHOLE_SCHOOL),
    (access.ehc_plans_for, "ehc_plan", WHOLE_SCHOOL),
    (access.interventions_for, "intervention", WHOLE_SCHOOL),
    (access.reviews_for, "review", WHOLE_SCHOOL),
    (access.record_reads_for, "record_read", {"sendco"}),
]


@pytest.mark.parametrize(("lookup", "kind", "seers"), CASES, ids=[c[1] for c in CASES])
def test_sensitive_records_only_for_the_sendco_and_slt(cast, records, lookup, kind, seers) -> None:
    for role in ROLES:
        seen = _pks(lookup(getattr(cast, role)))
        if role == "other_sendco":
            assert seen == {records.other[kind]}, role
        elif role in seers:
            assert seen == {records.mine[kind], records.mine2[kind]}, role
        else:
            assert seen == set(), role


def test_concerns_the_leaders_see_all_others_their_own(cast, records) -> None:
    both = {records.mine["concern"], records.mine2["concern"]}
    expected = {
        "sendco": both,
        "slt": both,
        "teacher": {records.mine["concern"]},
        "teacher2": {records.mine2["concern"]},
        "ta": set(),
        "governor": set(),
        "school_admin": set(),
        "other_sendco": {records.other["concern"]},
    }
    for role in ROLES:
        assert _pks(access.concerns_for(getattr(cast, role))) == expected[role], role


def test_profiles_of_the_pupils_each_may_open(cast, records) -> None:
    both = {records.mine["profile"], records.mine2["profile"]}
    expected = {
        "sendco": both,
        "slt": both,
        "teacher": {records.mine["profile"]},
        "teacher2": {records.mine2["profile"]},
        "ta": {records.mine["profile"]},
        "governor": set(),
        "school_admin": set(),
        "other_sendco": {records.other["profile"]},
    }
    for role in ROLES:
        assert _pks(access.profiles_for(getattr(cast, role))) == expected[role], role


def test_an_account_with_no_school_sees_nothing(cast) -> None:
    cast.sendco.membership = None  # no active school
    with pytest.raises(Http404):
        access.pupils_for(cast.sendco)
