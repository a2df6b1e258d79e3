"""Demo provision: interventions (demo/interventions.py), assessments, access
arrangements, EHC plans, concerns.

Deterministic (its own seeded random generator, pupils taken in MIS id
order) and idempotent: everything is planned first, then only records
missing by their natural key are created (an intervention by name, an
assessment by pupil and test name, an arrangement by pupil and kind, an
EHC plan by pupil, a concern by pupil, raiser and text). Dates are relative
to ``today`` so that the demo always has current and ended provision.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from demo.interventions import seed_interventions
from demo.schools import DemoStaff
from pupils.models import (
    AccessArrangement,
    Assessment,
    Concern,
    EhcPlan,
    Pupil,
    SenStatus,
    SenStatusChange,
    TeachingGroup,
)
from schools.models import User

ASSESSORS = [
    "Ms K. Adeyemi (specialist teacher)",
    "Mr J. Rowe (educational psychologist)",
    "Mrs L. Chen (specialist assessor)",
]
LOCAL_AUTHORITIES = ["Northshire County Council", "Eastbridge City Council"]

CONCERN_NOTES = [
    ("Copies very little from the board and often has a blank page by the end.", "Lesson 2"),
    ("Mixes up b and d and reverses numbers when writing quickly.", "Lesson 1"),
    ("Struggles to follow instructions with more than one step; watches others first.", ""),
    ("Has become very quiet and withdrawn over the last few weeks.", "Tutor time"),
    ("Often asks for things to be repeated and seems not to hear from the back row.", ""),
    ("Leaves the room upset when asked to read aloud.", "Lesson 3"),
    ("Finds it very hard to settle after break; calls out and moves about a lot.", "Lesson 3"),
    ("Reading seems well below the class; avoids any task with a lot of text.", ""),
    ("Holds the pen awkwardly and writing becomes unreadable after a few lines.", "Lesson 4"),
    ("Takes much longer than others to process questions and rarely answers.", ""),
    ("Gets very anxious about changes to the seating plan or cover lessons.", "Lesson 1"),
    ("Squints at the board and moves closer to read it.", ""),
]
TRIAGE_NOTES = {
    Concern.Outcome.MONITOR: "Thank you. Please keep a note of when it happens over the next"
    " half-term and we will look again.",
    Concern.Outcome.ASSESS: "Thank you. I will carry out a screening assessment and let you know"
    " what it shows.",
    Concern.Outcome.ADD_TO_REGISTER: "Thank you. Added at SEN support; a profile with strategies"
    " will follow.",
    Concern.Outcome.NO_ACTION: "Thank you. This has been discussed with home and is a short-term"
    " matter; no SEND action needed.",
}


def _days(today: date, offset: int) -> date:
    return today + timedelta(days=offset)


def seed_provision(staff: DemoStaff, rng: random.Random, today: date) -> None:
    """Interventions with entry and exit measures, assessments, arrangements, concerns."""
    school = staff.school
    register = list(
        Pupil.objects.filter(school=school).exclude(sen_status=SenStatus.NONE).order_by("mis_id")
    )
    if not register:
        return
    # Interventions draw from their own generator, so that changing them shifts
    # nothing else of the demo.
    seed_interventions(staff, random.Random(rng.getrandbits(32)), today, register)
    _seed_assessments(rng, today, register)
    _seed_arrangements(rng, today, register)
    _seed_ehc_plans(rng, today, register)
    _seed_concerns(staff, rng, today)


def _age_months(pupil: Pupil, day: date) -> int:
    years, months = pupil.age_on(day)
    return years * 12 + months


def _seed_assessments(rng: random.Random, today: date, register: list[Pupil]) -> None:
    existing = set(Assessment.objects.filter(pupil__in=register).values_list("pupil_id", "name"))
    new: list[Assessment] = []
    for pupil in register:
        reading_day = _days(today, -rng.randint(20, 75))
        # A gap between age and reading age; about one pupil in four is 18
        # months or more behind, so the flag shows up on the demo.
        gap = max(-12, round(rng.gauss(10, 12)))
        planned = []
        if rng.random() < 0.85:
            planned.append(
                Assessment(
                    pupil=pupil,
                    name="Reading comprehension test (autumn)",
                    taken_on=reading_day,
                    standardised_score=min(135, max(62, round(rng.gauss(90, 11)))),
                    reading_age_months=max(66, _age_months(pupil, reading_day) - gap),
                )
            )
        if rng.random() < 0.35:
            planned.append(
                Assessment(
                    pupil=pupil,
                    name="Single word spelling test",
                    taken_on=_days(reading_day, -rng.randint(60, 200)),
                    standardised_score=min(130, max(60, round(rng.gauss(88, 12)))),
                )
            )
        new.extend(a for a in planned if (pupil.pk, a.name) not in existing)
    Assessment.objects.bulk_create(new)


def _seed_arrangements(rng: random.Random, today: date, register: list[Pupil]) -> None:
    candidates = [p for p in register if p.year_group >= 9]
    chosen = rng.sample(candidates, min(60, len(candidates)))
    existing = set(
        AccessArrangement.objects.filter(pupil__in=chosen).values_list("pupil_id", "kind")
    )
    kinds = [
        (AccessArrangement.Kind.EXTRA_TIME, 10),
        (AccessArrangement.Kind.READER, 4),
        (AccessArrangement.Kind.WORD_PROCESSOR, 3),
        (AccessArrangement.Kind.REST_BREAKS, 3),
        (AccessArrangement.Kind.SEPARATE_ROOM, 2),
        (AccessArrangement.Kind.SCRIBE, 1),
    ]
    new = []
    for index, pupil in enumerate(sorted(chosen, key=lambda p: p.mis_id)):
        count = 2 if rng.random() < 0.3 else 1
        picked: list[AccessArrangement.Kind] = []
        while len(picked) < count:
            kind = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
            if kind not in picked:
                picked.append(kind)
        first_assessed = _days(today, -rng.randint(40, 600))
        assessed: date | None = first_assessed
        valid: date | None = first_assessed + timedelta(days=730)
        form_completed = True
        # About one candidate in four has evidence to chase, in turn: no
        # assessment date yet, a form not completed, expiring soon, expired.
        problem = index % 16
        if problem == 1:
            assessed, valid = None, None
        elif problem == 5:
            form_completed = False
        elif problem == 9:
            valid = _days(today, rng.randint(5, 55))
        elif problem == 13:
            valid = _days(today, -rng.randint(5, 60))
        assessor = rng.choice(ASSESSORS) if assessed else ""
        for kind in picked:
            percent = None
            if kind == AccessArrangement.Kind.EXTRA_TIME:
                percent = 50 if rng.random() < 0.1 else 25
            if (pupil.pk, kind) in existing:
                continue
            new.append(
                AccessArrangement(
                    pupil=pupil,
                    kind=kind,
                    extra_time_percent=percent,
                    assessed_on=assessed,
                    assessor=assessor,
                    form_completed=form_completed,
                    valid_until=valid,
                    details="Laptop with spellchecker off"
                    if kind == AccessArrangement.Kind.WORD_PROCESSOR
                    else "",
                )
            )
    AccessArrangement.objects.bulk_create(new)


def _seed_ehc_plans(rng: random.Random, today: date, register: list[Pupil]) -> None:
    with_plan = [p for p in register if p.sen_status == SenStatus.EHC_PLAN]
    existing = set(EhcPlan.objects.filter(pupil__in=with_plan).values_list("pupil_id", flat=True))
    # The plan was issued when the register history says the pupil moved to it.
    moved = dict(
        SenStatusChange.objects.filter(pupil__in=with_plan, to_status=SenStatus.EHC_PLAN)
        .order_by("changed_on")
        .values_list("pupil_id", "changed_on")
    )
    new = []
    for index, pupil in enumerate(with_plan):
        issued = _days(today, -rng.randint(500, 2200))
        issued = min(moved.get(pupil.pk, issued), today)
        # Most were reviewed in the last year; a few are due soon or overdue.
        last: date | None
        if index % 6 == 0:
            last = _days(today, -rng.randint(370, 420))  # overdue
        elif index % 6 == 1:
            last = _days(today, -rng.randint(330, 360))  # due within six weeks
        else:
            last = _days(today, -rng.randint(30, 300))
        if issued > _days(today, -365):
            last = None  # issued within the year: not reviewed yet
        if pupil.pk in existing:
            continue
        new.append(
            EhcPlan(
                pupil=pupil,
                issued_on=issued,
                local_authority=LOCAL_AUTHORITIES[index % len(LOCAL_AUTHORITIES)],
                last_annual_review=max(last, issued) if last else None,
            )
        )
    EhcPlan.objects.bulk_create(new)


def _seed_concerns(staff: DemoStaff, rng: random.Random, today: date) -> None:
    teacher = staff.named["teacher@demo.test"]
    raisers: list[User] = [teacher] * 5 + [staff.named["ta@demo.test"]] * 2
    for department in ("Maths", "Science", "History", "PE", "French", "Art"):
        raisers.extend(staff.teachers_by_department[department][1:3])
    raisers.append(staff.named["teacher2@demo.test"])
    groups_of: dict[int, list[TeachingGroup]] = {}
    for group in (
        TeachingGroup.objects.filter(school=staff.school)
        .filter(teachers__in=raisers)
        .prefetch_related("pupils", "teachers")
        .order_by("code")
        .distinct()
    ):
        for member in group.teachers.all():
            groups_of.setdefault(member.pk, []).append(group)
    for group in (
        TeachingGroup.objects.filter(
            school=staff.school, teaching_assistants=staff.named["ta@demo.test"]
        )
        .prefetch_related("pupils")
        .order_by("code")
        .distinct()
    ):
        groups_of.setdefault(staff.named["ta@demo.test"].pk, []).append(group)
    existing = set(
        Concern.objects.filter(school=staff.school).values_list(
            "pupil_id", "raised_by_id", "noticed"
        )
    )
    outcomes = list(Concern.Outcome)
    new = []
    for index, raiser in enumerate(raisers):
        groups = groups_of.get(raiser.pk)
        if not groups:
            continue
        group = groups[rng.randrange(len(groups))]
        pupils = sorted(group.pupils.all(), key=lambda p: p.mis_id)
        if not pupils:
            continue
        pupil = pupils[rng.randrange(len(pupils))]
        noticed, where = CONCERN_NOTES[index % len(CONCERN_NOTES)]
        noticed_on = _days(today, -rng.randint(1, 80))
        created = timezone.make_aware(
            datetime.combine(noticed_on, time(15, 30)) + timedelta(minutes=rng.randint(0, 300))
        )
        concern = Concern(
            school=staff.school,
            pupil=pupil,
            raised_by=raiser,
            group=group,
            noticed=noticed,
            where=f"{group.code}, {where}" if where else group.code,
            noticed_on=noticed_on,
            created_at=created,
        )
        # Older concerns have been decided; the newest few wait for the SENDCo.
        if noticed_on < _days(today, -14) and rng.random() < 0.75:
            outcome = outcomes[rng.randrange(len(outcomes))]
            concern.outcome = outcome
            concern.triaged_on = min(today, noticed_on + timedelta(days=rng.randint(2, 9)))
            concern.triaged_by = staff.named["sendco@demo.test"]
            concern.triage_note = TRIAGE_NOTES[outcome]
        if (pupil.pk, raiser.pk, noticed) not in existing:
            new.append(concern)
    Concern.objects.bulk_create(new)
