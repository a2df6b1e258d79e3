"""Demo outcomes (#11): attendance and suspensions for every pupil of the demo
school, each term so far of last school year and this one (and each year to
date), with pupils with SEND attending a few points less than their peers and
suspended more often; a handful of EHC needs assessments at different steps
(one past its decision deadline, one past its plan deadline); meetings with
the parents of pupils on the register, with some pupils behind.

Deterministic (its own seeded generator, pupils in MIS id order) and
idempotent: each kind of record is seeded only if the school has none yet.
Everything is written with bulk_create, so the seed stays quick.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from demo.schools import DemoStaff
from outcomes.models import AttendanceRecord, NeedsAssessment, ParentMeeting
from pupils.models import ProfileReview, Pupil, SenStatus
from schools.terms import Term, school_terms, terms_of_year
from sendit.lib.dates import school_year_start

# By SEN status: (chance of being persistently absent, mean attendance of those
# who are, of those who are not, chance of a suspension in a term, most days).
PROFILES: dict[str, tuple[float, float, float, float, int]] = {
    SenStatus.NONE: (0.09, 84.5, 95.6, 0.012, 3),
    SenStatus.SUPPORT: (0.27, 82.0, 93.8, 0.06, 5),
    SenStatus.EHC_PLAN: (0.30, 81.0, 93.5, 0.08, 5),
}

MEETING_NOTES = [
    "Went through the profile together; parents happy with the reading sessions.",
    "Talked about homework routines at home; agreed a weekly planner check.",
    "Parents raised worries about break times; key adult to check in daily.",
    "Shared progress on the targets; next step is more independent writing.",
    "Discussed the move to the new timetable and a visit before the change.",
    "",
    "",
]


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _terms_so_far(school_id: int, today: date) -> list[Term]:
    terms = school_terms(school_id)
    year = school_year_start(today)
    found = terms_of_year(terms, year - 1) + terms_of_year(terms, year)
    return [term for term in found if term.start <= today]


def _seed_attendance(pupils: list[Pupil], rng: random.Random, today: date) -> None:
    school_id = pupils[0].school_id
    terms = _terms_so_far(school_id, today)
    records: list[AttendanceRecord] = []
    for pupil in pupils:
        absent_chance, low, high, suspension_chance, most_days = PROFILES[pupil.sen_status]
        if rng.random() < absent_chance:
            base = min(88.5, max(62.0, rng.gauss(low, 4.0)))
        else:
            base = min(99.6, max(91.0, rng.gauss(high, 2.2)))
        by_year: dict[int, list[tuple[Decimal, Decimal]]] = {}
        for term in terms:
            percent = Decimal(str(round(min(100.0, max(55.0, base + rng.gauss(0, 1.2))), 1)))
            days = Decimal("0")
            if rng.random() < suspension_chance:
                days = Decimal(rng.randint(1, most_days * 2)) / 2
            by_year.setdefault(term.school_year, []).append((percent, days))
            records.append(
                AttendanceRecord(
                    school_id=school_id,
                    pupil=pupil,
                    school_year=term.school_year,
                    term=term.name.lower(),
                    attendance_percent=percent,
                    suspension_days=days,
                    source=AttendanceRecord.Source.ATTENDANCE_FILE,
                )
            )
        # The year to date, as the pupil file gives it: the terms so far together.
        for year, figures in by_year.items():
            percent = sum((p for p, _ in figures), Decimal("0")) / len(figures)
            records.append(
                AttendanceRecord(
                    school_id=school_id,
                    pupil=pupil,
                    school_year=year,
                    term="",
                    attendance_percent=percent.quantize(Decimal("0.01")),
                    suspension_days=sum((d for _, d in figures), Decimal("0")),
                    source=AttendanceRecord.Source.PUPIL_FILE,
                )
            )
    AttendanceRecord.objects.bulk_create(records, batch_size=2000)


def _seed_assessments(
    register: list[Pupil], staff: DemoStaff, rng: random.Random, today: date
) -> None:
    Outcome = NeedsAssessment.Outcome
    sendco = staff.named.get("sendco@demo.test")
    support = [p for p in register if p.sen_status == SenStatus.SUPPORT]
    plans = [p for p in register if p.sen_status == SenStatus.EHC_PLAN]
    chosen = rng.sample(support, min(6, len(support)))
    with_plan = rng.choice(plans) if plans else None
    week = timedelta(weeks=1)
    # (pupil, weeks ago requested, by, outcome, weeks to the decision, weeks to the final step)
    steps: list[tuple[Pupil | None, int, str, str, int | None, int | None]] = [
        (chosen[0] if chosen else None, 3, "school", Outcome.PENDING, None, None),
        (chosen[1] if len(chosen) > 1 else None, 8, "parent", Outcome.PENDING, None, None),
        (chosen[2] if len(chosen) > 2 else None, 11, "school", Outcome.AGREED, 5, None),
        (chosen[3] if len(chosen) > 3 else None, 15, "parent", Outcome.REFUSED, 6, None),
        (chosen[4] if len(chosen) > 4 else None, 23, "school", Outcome.AGREED, 6, None),
        (chosen[5] if len(chosen) > 5 else None, 30, "other", Outcome.PLAN_NOT_ISSUED, 5, 19),
        (with_plan, 36, "school", Outcome.PLAN_ISSUED, 6, 20),
    ]
    NeedsAssessment.objects.bulk_create(
        NeedsAssessment(
            school_id=pupil.school_id,
            pupil=pupil,
            requested_on=_weekday(today - week * ago),
            requested_by=by,
            outcome=outcome,
            decision_on=_weekday(today - week * (ago - decided)) if decided else None,
            plan_on=_weekday(today - week * (ago - final)) if final else None,
            created_by=sendco,
        )
        for pupil, ago, by, outcome, decided, final in steps
        if pupil is not None
    )


def _seed_meetings(
    register: list[Pupil], staff: DemoStaff, rng: random.Random, today: date
) -> None:
    sendco = staff.named.get("sendco@demo.test")
    terms = _terms_so_far(register[0].school_id, today)
    this_year = date(school_year_start(today), 8, 1)
    # Profile reviews count as meetings: some of the pupils with none this year
    # have had no meeting either, and are behind.
    reviewed = set(
        ProfileReview.objects.filter(pupil__in=register, held_on__gte=this_year).values_list(
            "pupil_id", flat=True
        )
    )
    meetings: list[ParentMeeting] = []
    Kind = ParentMeeting.Kind
    for pupil in register:
        keeps_up = rng.random() < 0.8
        hard_to_meet = pupil.pk not in reviewed and rng.random() < 0.45
        for term in terms:
            if hard_to_meet and term.start >= this_year:
                continue
            if not keeps_up and rng.random() < 0.7:
                continue  # the parents of this pupil have been hard to meet
            last = min(term.end, today - timedelta(days=1))
            if last < term.start:
                continue
            held_on = _weekday(
                term.start + timedelta(days=rng.randint(0, (last - term.start).days))
            )
            if held_on < term.start:
                continue
            kind = Kind.TERMLY
            if pupil.sen_status == SenStatus.EHC_PLAN and term.name == "Spring":
                kind = Kind.ANNUAL_REVIEW
            elif rng.random() < 0.15:
                kind = Kind.STRUCTURED
            meetings.append(
                ParentMeeting(
                    pupil=pupil,
                    held_on=held_on,
                    kind=kind,
                    note=rng.choice(MEETING_NOTES),
                    recorded_by=sendco,
                )
            )
    ParentMeeting.objects.bulk_create(meetings, batch_size=2000)


def seed_outcomes(staff: DemoStaff, rng: random.Random, today: date) -> None:
    """Attendance, needs assessments and meetings with parents for the demo school."""
    school = staff.school
    pupils = list(Pupil.objects.filter(school=school).order_by("mis_id"))
    if not pupils:
        return
    register = [p for p in pupils if p.sen_status != SenStatus.NONE]
    # Each part from its own generator, so that one does not shift another.
    attendance_rng, assessment_rng, meeting_rng = (
        random.Random(rng.getrandbits(32)) for _ in range(3)
    )
    if not AttendanceRecord.objects.filter(school=school).exists():
        _seed_attendance(pupils, attendance_rng, today)
    if register and not NeedsAssessment.objects.filter(school=school).exists():
        _seed_assessments(register, staff, assessment_rng, today)
    if register and not ParentMeeting.objects.filter(pupil__school=school).exists():
        _seed_meetings(register, staff, meeting_rng, today)
