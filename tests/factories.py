"""Plain factory functions for test data. Each takes what matters to the test
and fills the rest with valid, distinct values."""

from __future__ import annotations

import itertools
from datetime import date

from pupils.models import NeedType, Pupil, PupilNeed, SenStatus, TeachingGroup
from pupils.upn import make_upn
from schools.models import Role, School, User

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery"


def make_school(name: str = "", **extra: object) -> School:
    n = next(_seq)
    return School.objects.create(name=name or f"School {n}", slug=f"school-{n}", **extra)


def make_user(school: School | None, *roles: str, email: str = "", **extra: object) -> User:
    n = next(_seq)
    flags = {f"is_{role}": True for role in roles}
    return User.objects.create_user(
        email=email or f"user{n}@example.test",
        password=PASSWORD,
        school=school,
        first_name=extra.pop("first_name", f"First{n}"),
        last_name=extra.pop("last_name", f"Last{n}"),
        **flags,
        **extra,
    )


def make_pupil(
    school: School,
    *,
    sen_status: str = SenStatus.SUPPORT,
    need: str = NeedType.SPLD,
    year_group: int = 8,
    **extra: object,
) -> Pupil:
    n = next(_seq)
    pupil = Pupil.objects.create(
        school=school,
        upn=make_upn(f"999{n:09d}"),
        mis_id=f"P{n}",
        legal_first_name=extra.pop("legal_first_name", f"Pupil{n}"),
        legal_last_name=extra.pop("legal_last_name", f"Surname{n}"),
        date_of_birth=extra.pop("date_of_birth", date(2013, 1, 1)),
        year_group=year_group,
        form=extra.pop("form", f"{year_group}A"),
        sen_status=sen_status,
        primary_need=need if sen_status != SenStatus.NONE else "",
        **extra,
    )
    if sen_status != SenStatus.NONE and need:
        PupilNeed.objects.create(pupil=pupil, need=need, rank=1)
    return pupil


def make_group(
    school: School,
    *,
    teachers: list[User] = (),
    tas: list[User] = (),
    pupils: list[Pupil] = (),
    subject: str = "English",
    year_group: int = 8,
) -> TeachingGroup:
    n = next(_seq)
    group = TeachingGroup.objects.create(
        school=school, code=f"{year_group}X/G{n}", subject=subject, year_group=year_group
    )
    group.teachers.set(teachers)
    group.teaching_assistants.set(tas)
    group.pupils.set(pupils)
    return group


ALL_ROLES = [role.value for role in Role]
