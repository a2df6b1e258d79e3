"""Plain factory functions for test data. Each takes what matters to the test
and fills the rest with valid, distinct values."""

from __future__ import annotations

import itertools
from datetime import date

from pupils.models import NeedType, Pupil, PupilNeed, SenStatus, TeachingGroup
from pupils.upn import make_upn
from schools.mfa import MFA_ROLES
from schools.models import Membership, Role, School, User
from tests.mfa import give_totp

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery"


def make_school(name: str = "", **extra: object) -> School:
    n = next(_seq)
    return School.objects.create(name=name or f"School {n}", slug=f"school-{n}", **extra)


def make_user(school: School | None, *roles: str, email: str = "", **extra: object) -> User:
    """A person with a membership in ``school`` holding ``roles`` (no
    membership at all when ``school`` is None); ``mis_id`` goes on it."""
    n = next(_seq)
    mis_id = str(extra.pop("mis_id", ""))
    user = User.objects.create_user(
        email=email or f"user{n}@example.test",
        password=PASSWORD,
        first_name=extra.pop("first_name", f"First{n}"),
        last_name=extra.pop("last_name", f"Last{n}"),
        **extra,
    )
    if school is not None:
        make_membership(user, school, *roles, mis_id=mis_id)
    return user


def make_membership(user: User, school: School, *roles: str, **extra: object) -> Membership:
    """Add ``user`` to ``school`` with ``roles`` there; ``user`` keeps the
    membership it had active (or, with none yet, works in this one)."""
    membership = Membership.objects.create(
        user=user, school=school, **{f"is_{role}": True for role in roles}, **extra
    )
    user.__dict__.pop("_membership", None)
    if set(roles) & set(MFA_ROLES):
        # These roles need two-step sign-in (schools/mfa.py): set up, as for
        # every real SENDCo, so that force_login'd tests pass the rule.
        # tests/mfa.py computes the codes; a test of the setup deletes it.
        give_totp(user)
    return membership


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


# Profiles, walks and observations -------------------------------------------------


def make_profile(pupil: Pupil, strategies: list[str] = (), targets: list[str] = ()):
    from pupils.models import ProfileTarget, PupilProfile, Strategy

    profile = PupilProfile.objects.create(
        pupil=pupil, about_me="I like drawing and football.", strengths="Kind and curious."
    )
    for position, text in enumerate(strategies or ["Give instructions one step at a time"]):
        Strategy.objects.create(profile=profile, text=text, position=position)
    for position, text in enumerate(targets):
        ProfileTarget.objects.create(profile=profile, text=text, position=position)
    return profile


def make_focus_area(school: School, title: str = "", **extra: object):
    from walks.models import FocusArea

    n = next(_seq)
    return FocusArea.objects.create(
        school=school,
        title=title or f"Focus {n}",
        prompt=extra.pop("prompt", "What do you see?"),
        category=extra.pop("category", FocusArea.Category.WHOLE_SCHOOL),
        **extra,
    )


def make_walk(school: School, *, focus_areas=(), observers=(), starts_on=None, **extra: object):
    from django.utils import timezone

    from walks.models import LearningWalk

    n = next(_seq)
    day = starts_on or timezone.localdate()
    walk = LearningWalk.objects.create(
        school=school,
        title=extra.pop("title", f"Walk {n}"),
        purpose=extra.pop("purpose", LearningWalk.Purpose.MONITORING),
        starts_on=day,
        ends_on=extra.pop("ends_on", day),
        **extra,
    )
    walk.focus_areas.set(focus_areas or [make_focus_area(school)])
    walk.observers.set(observers)
    return walk


def make_visit(
    walk,
    group: TeachingGroup,
    *,
    teacher: User | None = None,
    observers=(),
    starts_at=None,
    minutes: int = 15,
    **extra: object,
):
    from datetime import datetime, time

    from django.utils import timezone

    from walks.models import Visit

    start = starts_at or timezone.make_aware(datetime.combine(walk.starts_on, time(9, 0)))
    visit = Visit.objects.create(
        walk=walk,
        group=group,
        teacher=teacher or group.teachers.first(),
        starts_at=start,
        minutes=minutes,
        **extra,
    )
    visit.observers.set(observers or walk.observers.all())
    return visit


def make_observation(visit, observer: User, **extra: object):
    from feedback.models import Observation

    return Observation.objects.create(visit=visit, observer=observer, **extra)


# Provision: interventions, assessments, access arrangements, EHC plans, concerns -----


def make_intervention(school: School, *, pupils: list[Pupil] = (), **extra: object):
    from datetime import timedelta

    from django.utils import timezone

    from pupils.models import BroadArea, Intervention, InterventionPlace

    n = next(_seq)
    today = timezone.localdate()
    intervention = Intervention.objects.create(
        school=school,
        name=extra.pop("name", f"Intervention {n}"),
        area=extra.pop("area", BroadArea.COGNITION),
        starts_on=extra.pop("starts_on", today - timedelta(days=30)),
        ends_on=extra.pop("ends_on", today + timedelta(days=30)),
        **extra,
    )
    InterventionPlace.objects.bulk_create(
        [InterventionPlace(intervention=intervention, pupil=pupil) for pupil in pupils]
    )
    return intervention


def make_assessment(pupil: Pupil, **extra: object):
    from django.utils import timezone

    from pupils.models import Assessment

    return Assessment.objects.create(
        pupil=pupil,
        name=extra.pop("name", "Reading test"),
        taken_on=extra.pop("taken_on", timezone.localdate()),
        standardised_score=extra.pop("standardised_score", 95),
        **extra,
    )


def make_arrangement(pupil: Pupil, **extra: object):
    from pupils.models import AccessArrangement

    return AccessArrangement.objects.create(
        pupil=pupil, kind=extra.pop("kind", AccessArrangement.Kind.READER), **extra
    )


def make_ehc_plan(pupil: Pupil, **extra: object):
    from pupils.models import EhcPlan

    return EhcPlan.objects.create(
        pupil=pupil,
        issued_on=extra.pop("issued_on", date(2024, 3, 1)),
        local_authority=extra.pop("local_authority", "Northshire"),
        **extra,
    )


def make_concern(pupil: Pupil, *, raised_by: User, **extra: object):
    from pupils.models import Concern

    return Concern.objects.create(
        school=pupil.school,
        pupil=pupil,
        raised_by=raised_by,
        noticed=extra.pop("noticed", "Finds it hard to start written tasks."),
        **extra,
    )


def make_school_year(
    school: School,
    start_year: int,
    half_terms: list[tuple[date, date]] | None = None,
    non_teaching: list[tuple[date, str, str]] = (),
):
    """A school year's entered term dates: six (first day, last day) pairs,
    Autumn 1 first (the usual dates when None), and (day, kind, name)
    non-teaching days."""
    from schools.models import HalfTermDates, HalfTermName, NonTeachingDay, SchoolYear
    from schools.term_defaults import default_half_terms

    if half_terms is None:
        half_terms = [(start, end) for _, start, end in default_half_terms(start_year)]
    year = SchoolYear.objects.create(school=school, start_year=start_year)
    HalfTermDates.objects.bulk_create(
        HalfTermDates(year=year, name=name, starts_on=start, ends_on=end)
        for name, (start, end) in zip(HalfTermName.values, half_terms, strict=True)
    )
    NonTeachingDay.objects.bulk_create(
        NonTeachingDay(year=year, day=day, kind=kind, name=name) for day, kind, name in non_teaching
    )
    return year
