"""Demo learning walks for `manage.py seed_demo`.

A walk week each term of the school year (plus last summer's, while this
year's first walk is still to come), visits of 8 to 15 classes each, and a
one-day walk on Year 9 a few days away that nobody has announced yet, so that
the SENDCo's dashboard shows its warning (and planning help keeps to Year 9).
Walks are found by school and title: an existing walk, and its visits, are
left as they are.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from demo.schools import DemoStaff
from pupils.models import TeachingGroup
from schools.models import User
from schools.terms import SchoolTerms, half_terms_of_year, next_term_day, school_terms
from sendit.lib.dates import school_year_start, weekday_on_or_before
from walks.models import FocusArea, LearningWalk, Visit
from walks.queries import observation_counts
from walks.services import focus_library_ensure_defaults

# Where each term's walk week falls, in the school's own term dates: the
# week this many weeks after the week a half-term starts (the second week
# after the autumn and spring half-term holidays, the fifth of the summer).
WALK_WEEKS: dict[str, tuple[str, int]] = {
    "Autumn": ("Autumn 2", 1),
    "Spring": ("Spring 2", 1),
    "Summer": ("Summer 1", 4),
}
TERM_PLANS: dict[str, tuple[str, tuple[str, str]]] = {
    "Autumn": (
        LearningWalk.Purpose.MONITORING,
        ("Whole-school strategies", "Knowing the learners"),
    ),
    "Spring": (
        LearningWalk.Purpose.DEVELOPMENT,
        ("Profile strategies in action", "High expectations with scaffolds"),
    ),
    "Summer": (
        LearningWalk.Purpose.GOOD_PRACTICE,
        ("Seating and grouping", "Working towards targets"),
    ),
}
WEEK_SLOTS = [time(9, 0), time(10, 30), time(13, 45)]
SOON_TITLE = "Reading support drop-in"
SOON_YEAR_GROUPS = (9,)
SOON_SLOTS = [time(11, 45), time(12, 10), time(14, 30)]
ROOM_LETTERS = {
    "English": "E",
    "Maths": "M",
    "Science": "S",
    "History": "H",
    "Geography": "G",
    "French": "L",
    "Computing": "C",
    "Art": "A",
    "PE": "Gym ",
}


@dataclass(frozen=True)
class WalkPlan:
    title: str
    purpose: str
    starts_on: date
    ends_on: date
    focus_titles: tuple[str, ...]
    observers: tuple[User, ...]
    slots: list[tuple[date, time]]
    year_groups: tuple[int, ...] = ()


def _walk_monday(terms: SchoolTerms, start_year: int, term: str) -> date:
    half_name, weeks = WALK_WEEKS[term]
    half = next(h for h in half_terms_of_year(terms, start_year) if h.name == half_name)
    return weekday_on_or_before(half.start, 0) + timedelta(weeks=weeks)


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _week_plans(staff: DemoStaff, today: date) -> list[WalkPlan]:
    sendco = staff.named["sendco@demo.test"]
    slt = staff.named["slt@demo.test"]
    governor = staff.named["governor@demo.test"]
    terms = school_terms(staff.school)
    start = school_year_start(today)
    weeks: list[tuple[int, str]] = [(start, term) for term in WALK_WEEKS]
    first_monday = _walk_monday(terms, start, "Autumn")
    if first_monday + timedelta(days=4) >= today:
        # This year's first walk has not finished: keep last summer's too, so
        # that there is always a completed walk to read about.
        weeks.insert(0, (start - 1, "Summer"))
    plans = []
    for year, term in weeks:
        monday = _walk_monday(terms, year, term)
        purpose, focus = TERM_PLANS[term]
        observers = (sendco, governor) if term == "Spring" else (sendco, slt)
        days = [monday + timedelta(days=n) for n in range(5)]
        plans.append(
            WalkPlan(
                title=f"{term} walk week {monday.year}",
                purpose=purpose,
                starts_on=monday,
                ends_on=days[-1],
                focus_titles=focus,
                observers=observers,
                slots=[(d, t) for d in days for t in WEEK_SLOTS],
            )
        )
    soon = next_term_day(terms, today + timedelta(days=2))
    plans.append(
        WalkPlan(
            title=SOON_TITLE,
            purpose=LearningWalk.Purpose.PROGRESSION,
            starts_on=soon,
            ends_on=soon,
            focus_titles=("Profile strategies in action",),
            observers=(sendco, governor),
            slots=[(soon, t) for t in SOON_SLOTS],
            year_groups=SOON_YEAR_GROUPS,
        )
    )
    return plans


def _state(plan: WalkPlan, today: date, next_future: date | None) -> str:
    if plan.title == SOON_TITLE:
        return LearningWalk.State.PLANNED  # the one the dashboard warns about
    if plan.ends_on < today:
        return LearningWalk.State.COMPLETED
    if plan.starts_on <= today:
        return LearningWalk.State.IN_PROGRESS
    if plan.starts_on == next_future:
        return LearningWalk.State.ANNOUNCED
    return LearningWalk.State.PLANNED


def seed_walks(staff: DemoStaff, rng: random.Random, today: date) -> None:
    """A year of walks for the demo school, past and upcoming."""
    school = staff.school
    focus_library_ensure_defaults(school=school)
    focus = {f.title: f for f in FocusArea.objects.filter(school=school, is_retired=False)}
    existing = set(LearningWalk.objects.filter(school=school).values_list("title", flat=True))
    plans = [plan for plan in _week_plans(staff, today) if plan.title not in existing]
    if not plans:
        return
    teacher = staff.named["teacher@demo.test"]
    teacher2 = staff.named["teacher2@demo.test"]
    # Every class with its (first) teacher, in one query.
    first_teacher: dict[int, int] = {}
    all_teachers: dict[int, set[int]] = {}
    for group_id, user_id in (
        TeachingGroup.teachers.through.objects.filter(teachinggroup__school=school)
        .order_by("teachinggroup_id", "user_id")
        .values_list("teachinggroup_id", "user_id")
    ):
        first_teacher.setdefault(group_id, user_id)
        all_teachers.setdefault(group_id, set()).add(user_id)
    groups = [
        g
        for g in TeachingGroup.objects.filter(school=school).order_by("code")
        if g.pk in first_teacher
    ]
    future_starts = sorted(
        p.starts_on
        for p in _week_plans(staff, today)
        if p.starts_on > today and p.title != SOON_TITLE
    )
    next_future = future_starts[0] if future_starts else None

    for plan in plans:
        state = _state(plan, today, next_future)
        told = _aware(plan.starts_on - timedelta(days=7), time(8, 0))
        walk = LearningWalk.objects.create(
            school=school,
            title=plan.title,
            purpose=plan.purpose,
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            year_groups=list(plan.year_groups),
            state=state,
            created_by=staff.named["sendco@demo.test"],
            announced_at=told if state != LearningWalk.State.PLANNED else None,
            announcement_emailed_at=told if state != LearningWalk.State.PLANNED else None,
            completed_at=_aware(plan.ends_on, time(16, 0))
            if state == LearningWalk.State.COMPLETED
            else None,
        )
        chosen_focus = [focus[t] for t in plan.focus_titles if t in focus] or list(focus.values())[
            :2
        ]
        walk.focus_areas.set(chosen_focus)
        walk.observers.set(plan.observers)
        _seed_visits(
            walk,
            plan,
            groups=groups,
            first_teacher=first_teacher,
            all_teachers=all_teachers,
            rng=rng,
            # Past and current walks never visit teacher2 (the "not visited"
            # teacher of the demo) and always visit teacher, so that both
            # stories can be shown; upcoming walks may visit anyone.
            must_visit=teacher if plan.starts_on <= today else None,
            never_visit=teacher2 if plan.starts_on <= today else None,
            prefer=teacher2 if plan.starts_on == next_future else None,
        )


def _seed_visits(
    walk: LearningWalk,
    plan: WalkPlan,
    *,
    groups: list[TeachingGroup],
    first_teacher: dict[int, int],
    all_teachers: dict[int, set[int]],
    rng: random.Random,
    must_visit: User | None,
    never_visit: User | None,
    prefer: User | None,
) -> None:
    limit = walk.school.yearly_observation_limit
    counts = observation_counts(school=walk.school, day=walk.starts_on)
    count = len(plan.slots) if plan.title == SOON_TITLE else rng.randint(8, 15)
    slots = sorted(rng.sample(plan.slots, count))
    pool = [
        g
        for g in groups
        if (never_visit is None or never_visit.pk not in all_teachers[g.pk])
        and (not plan.year_groups or g.year_group in plan.year_groups)
    ]
    rng.shuffle(pool)
    first = [g for g in pool if must_visit and first_teacher[g.pk] == must_visit.pk][:1]
    first += [g for g in pool if prefer and first_teacher[g.pk] == prefer.pk][:1]
    chosen: list[TeachingGroup] = []
    seen_teachers: set[int] = set()
    for group in first + pool:
        teacher_id = first_teacher[group.pk]
        if len(chosen) == count:
            break
        if teacher_id in seen_teachers or counts.get(teacher_id, 0) >= limit:
            continue
        chosen.append(group)
        seen_teachers.add(teacher_id)
        counts[teacher_id] = counts.get(teacher_id, 0) + 1
    visits = Visit.objects.bulk_create(
        [
            Visit(
                walk=walk,
                group=group,
                teacher_id=first_teacher[group.pk],
                room=f"{ROOM_LETTERS.get(group.subject, 'R')}{rng.randint(1, 14)}",
                starts_at=_aware(day, at),
                minutes=rng.choice([15, 15, 15, 20]),
            )
            for group, (day, at) in zip(chosen, slots, strict=False)
        ]
    )
    links: list[Any] = []
    for visit in visits:
        # Usually both observers go in together; now and then one goes alone.
        observers = plan.observers if rng.random() < 0.7 else plan.observers[:1]
        links.extend(Visit.observers.through(visit_id=visit.pk, user_id=o.pk) for o in observers)
    Visit.observers.through.objects.bulk_create(links)
