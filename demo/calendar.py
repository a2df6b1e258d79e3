"""The demo calendar for `manage.py seed_demo`.

The dates that follow from records (annual reviews and their chains, profile
reviews and parents' meetings, walks and their announcements, line
management, Year 6 transition, access arrangement assessments) come from the
calendar's own generator, for the school year holding ``today``. Around them,
the dates a SENDCo types in: training, parents' evenings, information events
and workshops for parents, department reviews, student support meetings,
intervention review points, and the reports to SLT and governors.

Brookside Primary has no pupil with an EHC plan in the pupils' demo; so that
the calendar shows a Year 6 phase transfer (the plan amended by 15 February),
its first Year 6 pupil (by MIS id) moves to a plan here, through the same
service the SENDCo's form uses.

Deterministic and idempotent: typed-in events are found by school, title and
first day, generated ones by their source key; a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from calendar_app.generate import calendar_generate
from calendar_app.models import Event, Kind
from demo.schools import OTHER_SLUG, DemoStaff
from pupils.models import EhcPlan, Intervention, NeedType, Pupil, SenStatus
from pupils.services import pupil_sen_update
from schools.models import School
from schools.terms import HalfTerm, half_terms_of_year, school_terms, term_days, year_holding

TWILIGHT = (time(15, 30), time(17, 0))
EVENING = (time(16, 0), time(19, 0))
BREAKFAST = (time(8, 15), time(8, 45))


@dataclass(frozen=True)
class Typed:
    """A date the SENDCo typed in: which half-term, which of its term days."""

    half: int  # 0 (Autumn 1) to 5 (Summer 2)
    day: int  # index into the half-term's term days (negative from the end)
    title: str
    kind: str
    at: tuple[time, time] | None = None
    place: str = ""
    staff: bool = False
    governors: bool = False
    parents: bool = False
    notes: str = ""


TYPED: list[Typed] = [
    Typed(
        0,
        0,
        "SEND update for all staff",
        Kind.TRAINING,
        (time(9, 0), time(10, 30)),
        "Library",
        staff=True,
        notes="The register, profiles and what helps in lessons.",
    ),
    Typed(0, 8, "Year 7 settling-in reviews", Kind.SUPPORT_MEETING, BREAKFAST, "SEND base"),
    Typed(0, 12, "Department review: English", Kind.DEPARTMENT_REVIEW, TWILIGHT, "E4"),
    Typed(
        0,
        15,
        "Parent workshop: understanding the SEND register",
        Kind.PARENT_WORKSHOP,
        (time(18, 0), time(19, 0)),
        "Library",
        parents=True,
    ),
    Typed(
        1,
        3,
        "Training: adaptive teaching for autistic learners",
        Kind.TRAINING,
        TWILIGHT,
        "Library",
        staff=True,
    ),
    Typed(
        1,
        6,
        "Year 11 parents' evening",
        Kind.PARENTS_MEETING,
        EVENING,
        "Main hall",
        staff=True,
        parents=True,
    ),
    Typed(
        1, 10, "SEND update to SLT", Kind.PRESENTATION, (time(8, 0), time(8, 45)), "Meeting room 1"
    ),
    Typed(1, 14, "Student support meeting", Kind.SUPPORT_MEETING, BREAKFAST, "SEND base"),
    Typed(2, 2, "Department review: Maths", Kind.DEPARTMENT_REVIEW, TWILIGHT, "M2"),
    Typed(
        2,
        9,
        "Year 9 options evening",
        Kind.INFORMATION_EVENT,
        EVENING,
        "Main hall",
        staff=True,
        parents=True,
    ),
    Typed(
        2,
        14,
        "SEND report to governors",
        Kind.PRESENTATION,
        (time(18, 0), time(19, 30)),
        "Meeting room 1",
        governors=True,
    ),
    Typed(3, 1, "Student support meeting", Kind.SUPPORT_MEETING, BREAKFAST, "SEND base"),
    Typed(
        3,
        5,
        "Parent workshop: supporting reading at home",
        Kind.PARENT_WORKSHOP,
        (time(18, 0), time(19, 0)),
        "Library",
        parents=True,
    ),
    Typed(
        3,
        8,
        "Year 8 parents' evening",
        Kind.PARENTS_MEETING,
        EVENING,
        "Main hall",
        staff=True,
        parents=True,
    ),
    Typed(
        3,
        -1,
        "Training: scaffolding writing without lowering expectations",
        Kind.TRAINING,
        TWILIGHT,
        "Library",
        staff=True,
    ),
    Typed(4, 0, "Department review: Science", Kind.DEPARTMENT_REVIEW, TWILIGHT, "S3"),
    Typed(
        4,
        6,
        "Year 10 parents' evening",
        Kind.PARENTS_MEETING,
        EVENING,
        "Main hall",
        staff=True,
        parents=True,
    ),
    Typed(4, 12, "Student support meeting", Kind.SUPPORT_MEETING, BREAKFAST, "SEND base"),
    Typed(
        5,
        3,
        "Information evening for families of new Year 7 pupils with SEND",
        Kind.INFORMATION_EVENT,
        EVENING,
        "Main hall",
        staff=True,
        parents=True,
    ),
    Typed(
        5,
        8,
        "SEND annual summary to governors",
        Kind.PRESENTATION,
        (time(18, 0), time(19, 0)),
        "Meeting room 1",
        governors=True,
    ),
    Typed(5, 10, "Department review: Humanities", Kind.DEPARTMENT_REVIEW, TWILIGHT, "H1"),
]


def _day(days: list[date], index: int) -> date:
    return days[max(-len(days), min(index, len(days) - 1))]


def _typed_events(school: School, halves: list[HalfTerm]) -> list[Event]:
    terms = school_terms(school)
    events = []
    for typed in TYPED:
        half = halves[typed.half]
        days = term_days(terms, half.start, half.end) or [half.start]
        day = _day(days, typed.day)
        start, end = typed.at or (None, None)
        events.append(
            Event(
                school=school,
                title=typed.title,
                kind=typed.kind,
                start_date=day,
                end_date=day,
                start_time=start,
                end_time=end,
                place=typed.place,
                notes=typed.notes,
                for_staff=typed.staff,
                for_governors=typed.governors,
                for_parents=typed.parents,
            )
        )
    return events


def _intervention_reviews(school: School, first: date, last: date) -> list[Event]:
    """A review point at the end of each intervention that ends this school year."""
    events = []
    for intervention in Intervention.objects.filter(
        school=school, ends_on__range=(first, last)
    ).order_by("ends_on", "pk"):
        events.append(
            Event(
                school=school,
                title=f"Intervention review point: {intervention.name}",
                kind=Kind.INTERVENTION_REVIEW,
                start_date=intervention.ends_on,
                end_date=intervention.ends_on,
            )
        )
    return events


def _add_missing(events: list[Event]) -> None:
    if not events:
        return
    school = events[0].school
    have = set(
        Event.objects.filter(school=school, source_key="").values_list("title", "start_date")
    )
    Event.objects.bulk_create([e for e in events if (e.title, e.start_date) not in have])


def _year_6_plan(today: date) -> None:
    """One Year 6 pupil at Brookside with an EHC plan, so that a phase transfer shows."""
    school = School.objects.filter(slug=OTHER_SLUG).first()
    if school is None or EhcPlan.objects.filter(pupil__school=school).exists():
        return
    pupil = Pupil.objects.filter(school=school, year_group=6).order_by("mis_id").first()
    if pupil is None:
        return
    issued = today - timedelta(days=600)
    pupil_sen_update(
        pupil=pupil,
        user=None,
        sen_status=SenStatus.EHC_PLAN,
        needs=[pupil.primary_need or NeedType.SLCN],
        changed_on=issued,
        note="EHC plan issued",
    )
    EhcPlan.objects.create(
        pupil=pupil,
        issued_on=issued,
        local_authority="Northshire",
        last_annual_review=today - timedelta(days=300),
    )


def seed_calendar(staff: DemoStaff, today: date) -> None:
    school = staff.school
    terms = school_terms(school)
    year = year_holding(terms, today)
    halves = half_terms_of_year(terms, year.school_year)
    _add_missing(_typed_events(school, halves))
    _add_missing(_intervention_reviews(school, year.start, year.end))
    _year_6_plan(today)
    # The demo school's seed also works out Brookside's dates; each school of
    # a trust (seed_demo --schools) works out its own.
    others = list(School.objects.filter(slug=OTHER_SLUG)) if staff.spec.is_demo else []
    for each in [school, *others]:
        calendar_generate(school=each, today=today)
