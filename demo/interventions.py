"""Demo interventions: about 25 across the three waves, with who delivers them, the
school's hourly rates, costs, entry and exit measures and expected-progress rules.

Dates follow the terms, so that the impact page always has a term worth
reading: several interventions ended in the latest term that has anything
ended (yesterday's term), some in the term before, some are running and one
is still to start. Deterministic (the generator is consumed the same way
whatever is in the database) and idempotent (an intervention by name, a
rate by role, a place by intervention and pupil).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from demo.schools import DemoStaff
from pupils.models import (
    BroadArea,
    CostBasis,
    DeliveryRole,
    Intervention,
    InterventionNeed,
    InterventionPlace,
    ProgressRule,
    Pupil,
    StaffRate,
)
from schools.terms import (
    SchoolTerms,
    latest_term,
    next_term_day,
    previous_term_day,
    school_terms,
)

# What an hour of each role costs the demo school, pay and on-costs together.
RATES = {
    DeliveryRole.TA: Decimal("16.40"),
    DeliveryRole.TEACHER: Decimal("38.50"),
    DeliveryRole.SENDCO: Decimal("45.00"),
    DeliveryRole.SLT: Decimal("52.00"),
}

ENDED = "ended"  # in the latest term with anything ended
ENDED_BEFORE = "ended_before"  # in the term before it
RUNNING = "running"
PLANNED = "planned"


@dataclass(frozen=True)
class DemoIntervention:
    name: str
    area: str
    wave: int
    by: str  # "ta", "teacher", "sendco", or an external provider's name
    when: str  # ENDED, ENDED_BEFORE, RUNNING or PLANNED
    place: float  # where in its window it ends (ended) or starts (running), 0 to 1
    weeks: int
    sessions: int
    minutes: int
    pupils: tuple[int, int]
    measure: str = ""
    unit: str = ""
    entry: tuple[float, float] = (0, 0)
    gain: tuple[float, float] = (0, 0)  # range of gains by the end
    rule: str = ""  # "" / "months" / a gain as text ("3")
    per_session: str = ""  # a set cost per session (external providers)
    extra: str = ""  # extra cost, with what it is for
    extra_note: str = ""
    one_to_one: bool = False
    needs: tuple[str, ...] = ()
    exits_missing: int = 0  # pupils left without an exit measure (ended ones)
    year: int | None = None  # one year group only


CL, CI, SEMH, SP = (
    BroadArea.COGNITION,
    BroadArea.COMMUNICATION,
    BroadArea.SEMH,
    BroadArea.SENSORY_PHYSICAL,
)
SLT_SERVICE = "Northshire Speech and Language Therapy"

INTERVENTIONS: list[DemoIntervention] = [
    # Wave 1: universal, in class.
    DemoIntervention(
        "Visual timetables in tutor time", SEMH, 1, "ta", RUNNING, 0.1, 30, 5, 10, (12, 18),
        extra="48.00", extra_note="laminated timetables and symbols", needs=("ASD", "SEMH"),
    ),
    DemoIntervention(
        "Coloured overlays and reading rulers", SP, 1, "ta", RUNNING, 0.3, 36, 1, 5, (10, 16),
        extra="86.50", extra_note="overlays and rulers", needs=("VI", "SPLD"),
    ),
    DemoIntervention(
        "Topic vocabulary pre-teaching", CI, 1, "teacher", RUNNING, 0.6, 12, 2, 25, (10, 14),
        measure="topic words explained correctly (of 40)", unit="words",
        entry=(8, 20), rule="6", needs=("SLCN", "MLD"),
    ),
    DemoIntervention(
        "In-class support, Year 7 maths", CL, 1, "ta", ENDED, 0.4, 10, 4, 50, (10, 14),
        measure="standardised maths score", unit="points", entry=(72, 88), gain=(-2, 9),
        rule="3", year=7, needs=("MLD",),
    ),
    DemoIntervention(
        "Talk partners in English", CI, 1, "teacher", ENDED_BEFORE, 0.7, 10, 3, 15, (10, 14),
        measure="confidence speaking in class, self-rated 1 to 10", unit="points",
        entry=(2, 5), gain=(0, 4), rule="2", needs=("SLCN",),
    ),
    # Wave 2: targeted, small group.
    DemoIntervention(
        "Reading fluency group", CL, 2, "ta", ENDED, 0.2, 12, 3, 20, (5, 8),
        measure="reading age", unit="months", entry=(96, 130), gain=(0, 8), rule="months",
        extra="120.00", extra_note="a set of graded readers", needs=("SPLD", "MLD"),
    ),
    DemoIntervention(
        "Spelling catch-up", CL, 2, "ta", ENDED, 0.55, 10, 2, 30, (5, 8),
        measure="spelling age", unit="months", entry=(90, 125), gain=(-1, 6),
        rule="months", exits_missing=3, needs=("SPLD",),
    ),
    DemoIntervention(
        "Comprehension strategies group", CL, 2, "teacher", ENDED, 0.8, 8, 2, 40, (4, 6),
        measure="standardised reading score", unit="points", entry=(74, 89), gain=(-1, 8),
        rule="4", needs=("MLD", "SPLD"),
    ),
    DemoIntervention(
        "Phonics catch-up, Year 7", CL, 2, "ta", ENDED_BEFORE, 0.4, 12, 4, 20, (4, 7),
        measure="reading age", unit="months", entry=(84, 110), gain=(1, 9), rule="months",
        extra="95.00", extra_note="phonics programme licence", year=7, needs=("SPLD",),
    ),
    DemoIntervention(
        "Talking together: social skills", CI, 2, "sendco", ENDED_BEFORE, 0.8, 8, 1, 50,
        (4, 7), measure="confidence in groups, self-rated 1 to 10", unit="points",
        entry=(2, 5), gain=(0, 4), rule="2", needs=("ASD", "SLCN"),
    ),
    DemoIntervention(
        "Building-brick social skills club", CI, 2, "ta", ENDED, 0.35, 9, 1, 45, (4, 6),
        measure="turns taken in a ten-minute task", unit="turns", entry=(1, 4), gain=(0, 5),
        rule="2", extra="140.00", extra_note="construction sets", needs=("ASD",),
    ),
    DemoIntervention(
        "Feelings and friendships", SEMH, 2, "ta", RUNNING, 0.5, 10, 1, 45, (4, 7),
        measure="wellbeing scale, higher is better (0 to 40)", unit="points",
        entry=(12, 24), rule="4", needs=("SEMH",),
    ),
    DemoIntervention(
        "Morning check-in", SEMH, 2, "ta", ENDED, 0.65, 9, 5, 10, (5, 8),
        measure="days a week settled by 9:15 (0 to 5)", unit="days", entry=(0, 3),
        gain=(0, 3), rule="1", needs=("SEMH", "ASD"),
    ),
    DemoIntervention(
        "Managing anger: a group programme", SEMH, 2, "Eastbridge Youth Service", ENDED,
        0.9, 8, 1, 60, (4, 6), measure="days without an incident in a fortnight (0 to 10)",
        unit="days", entry=(2, 6), gain=(0, 4), rule="2", per_session="95.00",
        needs=("SEMH",),
    ),
    DemoIntervention(
        "Exam calm, Year 11", SEMH, 2, "Open Door Counselling", RUNNING, 0.7, 6, 1, 60,
        (5, 8), measure="exam confidence scale, higher is calmer (0 to 30)", unit="points",
        entry=(4, 10), rule="3", per_session="80.00", year=11, needs=("SEMH",),
    ),
    DemoIntervention(
        "Fine motor and handwriting", SP, 2, "ta", ENDED_BEFORE, 0.3, 10, 2, 20, (4, 7),
        measure="words copied legibly per minute", unit="words a minute", entry=(5, 12),
        gain=(0, 6), rule="2", extra="64.00", extra_note="pencil grips and writing slopes",
        needs=("PD", "SPLD"),
    ),
    DemoIntervention(
        "Touch typing", SP, 2, "ta", RUNNING, 0.8, 12, 2, 30, (4, 7),
        measure="words typed per minute", unit="words a minute", entry=(6, 15), rule="8",
        extra="210.00", extra_note="typing course licences", needs=("PD", "SPLD"),
    ),
    DemoIntervention(
        "Year 8 maths catch-up", CL, 2, "teacher", PLANNED, 0.2, 10, 3, 40, (5, 8),
        measure="standardised maths score", unit="points", rule="4", year=8,
        needs=("MLD",),
    ),
    # Wave 3: specialist, individual.
    DemoIntervention(
        "Number facts: precision teaching", CL, 3, "ta", ENDED, 0.1, 10, 4, 10, (3, 5),
        measure="facts correct in two minutes", unit="facts", entry=(12, 30), gain=(2, 14),
        rule="8", one_to_one=True, needs=("MLD", "SPLD"),
    ),
    DemoIntervention(
        "Precision teaching: reading", CL, 3, "ta", ENDED, 0.75, 10, 5, 10, (3, 5),
        measure="reading age", unit="months", entry=(80, 104), gain=(0, 7), rule="months",
        one_to_one=True, exits_missing=1, needs=("SPLD",),
    ),
    DemoIntervention(
        "Specialist dyslexia teaching", CL, 3, "Northshire Specialist Teaching Service",
        ENDED_BEFORE, 0.6, 12, 1, 60, (2, 4), measure="spelling age", unit="months",
        entry=(88, 118), gain=(2, 10), rule="months", per_session="45.00",
        one_to_one=True, needs=("SPLD",),
    ),
    DemoIntervention(
        "Speech and language therapy", CI, 3, SLT_SERVICE, RUNNING, 0.4, 12, 1, 40, (3, 5),
        measure="target words used in a sample", unit="words", entry=(3, 10), rule="5",
        per_session="78.00", one_to_one=True, needs=("SLCN",),
    ),
    DemoIntervention(
        "School counselling", SEMH, 3, "Open Door Counselling", ENDED, 0.5, 10, 1, 50, (3, 5),
        measure="wellbeing scale, higher is better (0 to 40)", unit="points",
        entry=(8, 20), gain=(0, 9), rule="4", per_session="55.00", one_to_one=True,
        needs=("SEMH",),
    ),
    DemoIntervention(
        "Occupational therapy programme", SP, 3, "Eastbridge Children's Therapy", RUNNING,
        0.2, 12, 1, 45, (2, 3), measure="handwriting speed, words a minute",
        unit="words a minute", entry=(4, 10), rule="3", per_session="70.00",
        one_to_one=True, extra="75.00", extra_note="therapy equipment", needs=("PD",),
    ),
    DemoIntervention(
        "Social stories with the SENDCo", CI, 3, "sendco", ENDED, 0.95, 6, 1, 20, (2, 3),
        measure="calm transitions in a day (0 to 6)", unit="transitions", entry=(1, 3),
        gain=(0, 3), rule="1", one_to_one=True, needs=("ASD",),
    ),
]  # fmt: skip

GOOD_OUTCOMES = [
    "Made clear progress; now uses the strategy without prompting.",
    "Met the target set at the start.",
    "More confident; teachers report more independent work in lessons.",
    "Good progress; keep the strategy going in class.",
]
SMALL_OUTCOMES = [
    "Some progress; attendance at sessions was patchy.",
    "Little change on the measure, though more willing to try.",
    "Progress slower than hoped; refer for further assessment.",
]


def _dates(spec: DemoIntervention, terms: SchoolTerms, today: date) -> tuple[date, date]:
    """Start and end dates: ended ones end at ``place`` of their term's days so far,
    running ones started at ``place`` of their weeks ago, planned ones start soon;
    none starts in a holiday (it starts on the last term day before instead)."""
    length = timedelta(days=spec.weeks * 7 - 1)  # whole weeks
    if spec.when in (ENDED, ENDED_BEFORE):
        # The latest term with anything ended (yesterday's), or the one before it.
        latest = latest_term(terms, today - timedelta(days=1))
        before = latest_term(terms, latest.start - timedelta(days=1))
        term = latest if spec.when == ENDED else before
        last = min(term.end, today - timedelta(days=1))
        ends = term.start + timedelta(days=round((last - term.start).days * spec.place))
        return previous_term_day(terms, ends - length), ends
    if spec.when == RUNNING:
        starts = today - timedelta(days=round((spec.weeks * 7 - 7) * spec.place))
        starts = previous_term_day(terms, starts)
        return starts, max(starts + length, today + timedelta(days=7))
    starts = next_term_day(terms, today + timedelta(days=7 + round(14 * spec.place)))
    return starts, starts + length


def seed_rates(staff: DemoStaff) -> None:
    for role, rate in RATES.items():
        StaffRate.objects.get_or_create(
            school=staff.school, role=role, defaults={"hourly_rate": rate}
        )


def seed_interventions(
    staff: DemoStaff, rng: random.Random, today: date, register: list[Pupil]
) -> None:
    seed_rates(staff)
    tas = staff.teaching_assistants
    teachers = staff.teachers_by_department["English"] + staff.teachers_by_department["Maths"]
    existing = set(Intervention.objects.filter(school=staff.school).values_list("name", flat=True))
    terms = school_terms(staff.school)
    for spec in INTERVENTIONS:
        pool = [p for p in register if p.primary_area == spec.area] or register
        if spec.year is not None:
            pool = [p for p in register if p.year_group == spec.year] or register
        members = rng.sample(pool, min(len(pool), rng.randint(*spec.pupils)))
        lead = None
        if spec.by == "ta":
            lead = tas[rng.randrange(len(tas))]
        elif spec.by == "teacher":
            lead = teachers[rng.randrange(len(teachers))]
        elif spec.by == "sendco":
            lead = staff.named["sendco@demo.test"]
        starts, ends = _dates(spec, terms, today)
        rows = _places(spec, rng, members, starts=starts, ends=ends, today=today)
        if spec.name in existing:
            continue
        intervention = Intervention.objects.create(
            school=staff.school,
            name=spec.name,
            area=spec.area,
            wave=spec.wave,
            lead=lead,
            provider="" if lead else spec.by,
            starts_on=starts,
            ends_on=ends,
            sessions_per_week=spec.sessions,
            minutes_per_session=spec.minutes,
            one_to_one=spec.one_to_one,
            cost_basis=CostBasis.SESSION if spec.per_session else CostBasis.HOURLY,
            rate_role="" if spec.per_session else spec.by,
            cost_per_session=Decimal(spec.per_session) if spec.per_session else None,
            extra_cost=Decimal(spec.extra or "0"),
            extra_cost_note=spec.extra_note,
            measure=spec.measure,
            measure_unit=spec.unit,
            progress_rule=_rule(spec),
            progress_gain=Decimal(spec.rule) if _rule(spec) == ProgressRule.GAIN else None,
        )
        InterventionNeed.objects.bulk_create(
            InterventionNeed(intervention=intervention, need=need) for need in spec.needs
        )
        InterventionPlace.objects.bulk_create(
            [InterventionPlace(intervention=intervention, **row) for row in rows],
            ignore_conflicts=True,
        )


def _rule(spec: DemoIntervention) -> str:
    if not spec.rule:
        return ProgressRule.NONE
    return ProgressRule.MONTHS if spec.rule == "months" else ProgressRule.GAIN


def _places(
    spec: DemoIntervention,
    rng: random.Random,
    members: list[Pupil],
    *,
    starts: date,
    ends: date,
    today: date,
) -> list[dict[str, object]]:
    missing = set(rng.sample(range(len(members)), min(spec.exits_missing, len(members))))
    rows: list[dict[str, object]] = []
    for index, pupil in enumerate(members):
        entry = round(rng.uniform(*spec.entry))
        gain = round(rng.uniform(*spec.gain))
        exit_measure = None
        outcome = ""
        if spec.measure and ends < today and index not in missing:
            exit_measure = Decimal(entry + gain)
            good = gain >= (spec.gain[0] + spec.gain[1]) / 2
            outcome = rng.choice(GOOD_OUTCOMES if good else SMALL_OUTCOMES)
        started = spec.measure and starts <= today
        rows.append(
            {
                "pupil": pupil,
                "entry_measure": Decimal(entry) if started else None,
                "exit_measure": exit_measure,
                "outcome": outcome,
            }
        )
    return rows
