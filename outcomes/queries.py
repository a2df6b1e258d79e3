"""The outcomes in figures: attendance and suspensions of pupils with SEND
against pupils with no SEN, EHC needs assessments, meetings with parents.

Pure read functions taking the school (a ``School`` or its id) and the dates
or term they are about; the pages call them after the role check, and the
termly report and the governor summary call them as they are. Each figure
is counted by the database (aggregates over the whole school): a fixed
number of queries, whatever the number of pupils. Nothing here names a
pupil; the lists that do are built on the querysets of ``outcomes.access``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from outcomes.models import (
    DECISION_WEEKS,
    PERSISTENT_ABSENCE_BELOW,
    PLAN_WEEKS,
    AttendanceRecord,
    NeedsAssessment,
    ParentMeeting,
)
from pupils.models import ProfileReview, Pupil, SenStatus
from schools.models import School
from schools.terms import Term, year_holding
from sendit.lib.dates import school_year_label, school_year_start

SchoolRef = School | int

TENTH = Decimal("0.1")


def _school_id(school: SchoolRef) -> int:
    return school.pk if isinstance(school, School) else int(school)


# Attendance and suspensions ----------------------------------------------------------------------

# The groups compared, in the order the page shows them.
GROUPS: tuple[tuple[str, str], ...] = (
    ("send", "All SEND (K and E)"),
    ("support", "SEN support (K)"),
    ("ehc", "EHC plan (E)"),
    ("no_sen", "No SEN"),
)
_STATUSES: dict[str, tuple[str, ...]] = {
    "send": (SenStatus.SUPPORT, SenStatus.EHC_PLAN),
    "support": (SenStatus.SUPPORT,),
    "ehc": (SenStatus.EHC_PLAN,),
    "no_sen": (SenStatus.NONE,),
}


@dataclass(frozen=True)
class GroupFigures:
    """One group's figures: the pupils with a figure for the period, their mean
    attendance (one decimal), how many are persistently absent (below 90%)
    and what share of the group that is (one decimal), how many were
    suspended at least once and the days of suspension in all."""

    pupils: int
    mean_attendance: Decimal | None
    persistent_absentees: int
    persistent_absence_pct: Decimal | None
    pupils_suspended: int
    suspension_days: Decimal


@dataclass(frozen=True)
class ComparisonRow:
    year_group: int | None  # None: the row of totals
    send: GroupFigures
    support: GroupFigures
    ehc: GroupFigures
    no_sen: GroupFigures

    @property
    def label(self) -> str:
        if self.year_group is None:
            return "All year groups"
        return "Reception" if self.year_group == 0 else f"Year {self.year_group}"

    @property
    def groups(self) -> list[tuple[str, str, GroupFigures]]:
        return [(key, label, getattr(self, key)) for key, label in GROUPS]

    @property
    def gap(self) -> Decimal | None:
        """Points by which pupils with SEND attend less than pupils with no SEN."""
        if self.send.mean_attendance is None or self.no_sen.mean_attendance is None:
            return None
        return self.no_sen.mean_attendance - self.send.mean_attendance


@dataclass(frozen=True)
class AttendanceComparison:
    school_year: int
    term: str  # "autumn", "spring", "summer", or "" for the school year to date
    rows: list[ComparisonRow]
    total: ComparisonRow

    @property
    def label(self) -> str:
        year = school_year_label(self.school_year)
        return f"{self.term.capitalize()} term {year}" if self.term else f"School year {year}"

    @property
    def pupils(self) -> int:
        return self.total.send.pupils + self.total.no_sen.pupils


@dataclass(frozen=True)
class _Cell:
    pupils: int = 0
    percent_sum: Decimal = Decimal("0")
    persistent: int = 0
    suspended: int = 0
    days: Decimal = Decimal("0")


def _figures(cells: Iterable[_Cell]) -> GroupFigures:
    pupils = persistent = suspended = 0
    percent_sum, days = Decimal("0"), Decimal("0")
    for cell in cells:
        pupils += cell.pupils
        percent_sum += cell.percent_sum
        persistent += cell.persistent
        suspended += cell.suspended
        days += cell.days
    if not pupils:
        return GroupFigures(0, None, 0, None, 0, Decimal("0"))
    return GroupFigures(
        pupils=pupils,
        mean_attendance=(percent_sum / pupils).quantize(TENTH, ROUND_HALF_UP),
        persistent_absentees=persistent,
        persistent_absence_pct=(Decimal(100 * persistent) / pupils).quantize(TENTH, ROUND_HALF_UP),
        pupils_suspended=suspended,
        suspension_days=days,
    )


def _row(year: int | None, cells: dict[tuple[int, str], _Cell]) -> ComparisonRow:
    def pick(key: str) -> GroupFigures:
        statuses = _STATUSES[key]
        return _figures(
            cell
            for (cell_year, status), cell in cells.items()
            if status in statuses and (year is None or cell_year == year)
        )

    return ComparisonRow(
        year_group=year,
        send=pick("send"),
        support=pick("support"),
        ehc=pick("ehc"),
        no_sen=pick("no_sen"),
    )


def attendance_comparison(
    school: SchoolRef, *, term: Term | None = None, school_year: int | None = None
) -> AttendanceComparison:
    """Attendance and suspensions of pupils with SEND (K and E, together and
    apart) against pupils with no SEN, by year group with a row of totals.

    For ``term`` (a ``schools.terms.Term``), the figures the MIS gave for that
    term; otherwise for ``school_year`` (the calendar year it starts in), the
    figures for the school year to date (the pupil file's columns, or an
    attendance file for the whole year). Pupils are grouped by their SEN
    status and year group now. A pupil with no figure for the period is not
    counted. One query.
    """
    if term is not None:
        year, term_name = term.school_year, term.name.lower()
    elif school_year is not None:
        year, term_name = school_year, ""
    else:
        raise ValueError("Give a term or a school year.")
    found = (
        AttendanceRecord.objects.filter(
            school_id=_school_id(school), school_year=year, term=term_name
        )
        .values("pupil__year_group", "pupil__sen_status")
        .annotate(
            pupils=Count("pk"),
            percent_sum=Sum("attendance_percent"),
            persistent=Count("pk", filter=Q(attendance_percent__lt=PERSISTENT_ABSENCE_BELOW)),
            suspended=Count("pk", filter=Q(suspension_days__gt=0)),
            days=Sum("suspension_days"),
        )
        .order_by()
    )
    cells = {
        (row["pupil__year_group"], row["pupil__sen_status"]): _Cell(
            pupils=row["pupils"],
            percent_sum=row["percent_sum"] or Decimal("0"),
            persistent=row["persistent"],
            suspended=row["suspended"],
            days=row["days"] or Decimal("0"),
        )
        for row in found
    }
    years = sorted({cell_year for cell_year, _ in cells})
    return AttendanceComparison(
        school_year=year,
        term=term_name,
        rows=[_row(cell_year, cells) for cell_year in years],
        total=_row(None, cells),
    )


def attendance_periods(school: SchoolRef) -> list[tuple[int, str]]:
    """The (school year, term) pairs the school has attendance for, newest first."""
    pairs = (
        AttendanceRecord.objects.filter(school_id=_school_id(school))
        .values_list("school_year", "term")
        .distinct()
        .order_by()
    )
    order = {"": 0, "autumn": 1, "spring": 2, "summer": 3}
    return sorted(set(pairs), key=lambda pair: (pair[0], order.get(pair[1], 0)), reverse=True)


# EHC needs assessments ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedsAssessmentCounts:
    """Requests made from ``first`` to ``last``: how many, and where they got to.

    ``agreed`` counts every request the local authority agreed to assess
    (including those since finished with a plan or without one);
    ``in_progress`` those still waiting for the decision to assess or for
    the plan; ``past_deadline`` those in progress past the 6-week decision
    or the 20-week plan deadline on ``today``.
    """

    first: date
    last: date
    requested: int
    agreed: int
    refused: int
    plans_issued: int
    plans_not_issued: int
    in_progress: int
    past_deadline: int


def past_deadline_q(today: date) -> Q:
    """Requests in progress past a statutory deadline on ``today``."""
    Outcome = NeedsAssessment.Outcome
    return Q(outcome=Outcome.PENDING, requested_on__lt=today - timedelta(weeks=DECISION_WEEKS)) | Q(
        outcome__in=NeedsAssessment.IN_PROGRESS,
        requested_on__lt=today - timedelta(weeks=PLAN_WEEKS),
    )


def needs_assessment_counts(
    school: SchoolRef, *, first: date, last: date, today: date
) -> NeedsAssessmentCounts:
    """The school's EHC needs assessment requests made from ``first`` to ``last``
    (inclusive) by where they got to, deadlines judged on ``today``. One query."""
    Outcome = NeedsAssessment.Outcome
    counts = NeedsAssessment.objects.filter(
        school_id=_school_id(school), requested_on__range=(first, last)
    ).aggregate(
        requested=Count("pk"),
        agreed=Count("pk", filter=Q(outcome__in=NeedsAssessment.AGREED_OUTCOMES)),
        refused=Count("pk", filter=Q(outcome=Outcome.REFUSED)),
        plans_issued=Count("pk", filter=Q(outcome=Outcome.PLAN_ISSUED)),
        plans_not_issued=Count("pk", filter=Q(outcome=Outcome.PLAN_NOT_ISSUED)),
        in_progress=Count("pk", filter=Q(outcome__in=NeedsAssessment.IN_PROGRESS)),
        past_deadline=Count("pk", filter=past_deadline_q(today)),
    )
    return NeedsAssessmentCounts(first=first, last=last, **counts)


def school_year_dates(day: date) -> tuple[date, date]:
    """The first and last day of the school year (1 August to 31 July) holding ``day``."""
    year = school_year_start(day)
    return date(year, 8, 1), date(year + 1, 7, 31)


# Meetings with parents ---------------------------------------------------------------------------

MEETINGS_A_YEAR = 3


def expected_meetings(school: SchoolRef, *, today: date) -> int:
    """How many meetings with parents a pupil on the register should have had
    this school year by ``today``: three a year, one a term, each expected
    once the first half of its term is over (the number of the year's
    half-terms ended, halved and rounded up). So none before the end of
    Autumn 1, one from then, two once Spring 1 has ended, three once Summer 1
    has ended; the term's meeting may be held at any time in the term, and
    a pupil is shown behind only in the second half of a term whose meeting
    has not been held."""
    year = year_holding(_school_id(school), today)
    ended = sum(1 for half_term in year.half_terms if half_term.end < today)
    return min(MEETINGS_A_YEAR, math.ceil(ended / 2))


def with_meetings_held(pupils: QuerySet[Pupil], *, first: date, last: date) -> QuerySet[Pupil]:
    """``pupils`` with ``meetings_held``: their meetings with parents and their
    profile reviews from ``first`` to ``last``, each counted once."""
    meetings = (
        ParentMeeting.objects.filter(pupil=OuterRef("pk"), held_on__range=(first, last))
        .order_by()
        .values("pupil")
        .annotate(n=Count("pk"))
        .values("n")
    )
    reviews = (
        ProfileReview.objects.filter(pupil=OuterRef("pk"), held_on__range=(first, last))
        .order_by()
        .values("pupil")
        .annotate(n=Count("pk"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    return pupils.annotate(
        meetings_held=Coalesce(Subquery(meetings, output_field=IntegerField()), zero)
        + Coalesce(Subquery(reviews, output_field=IntegerField()), zero)
    )


@dataclass(frozen=True)
class ParentMeetingsSummary:
    """Meetings with the parents of pupils on the register this school year."""

    school_year: int
    first: date
    last: date  # today
    expected_per_pupil: int
    pupils_expected: int  # pupils at SEN support or with an EHC plan
    meetings_held: int  # meetings and profile reviews of those pupils this year
    pupils_behind: int  # of them, those with fewer than expected_per_pupil

    @property
    def label(self) -> str:
        return school_year_label(self.school_year)


def register_pupils(school: SchoolRef) -> QuerySet[Pupil]:
    return Pupil.objects.filter(school_id=_school_id(school)).exclude(sen_status=SenStatus.NONE)


def parent_meetings_summary(school: SchoolRef, *, today: date) -> ParentMeetingsSummary:
    """Pupils at SEN support or with a plan, the meetings with their parents
    held this school year up to ``today`` (profile reviews count), and how
    many pupils have had fewer than expected so far (``expected_meetings``).
    Two queries (the school's term dates, then the figures)."""
    first, _ = school_year_dates(today)
    expected = expected_meetings(school, today=today)
    figures = with_meetings_held(register_pupils(school), first=first, last=today).aggregate(
        pupils=Count("pk"),
        held=Coalesce(Sum("meetings_held"), 0),
        behind=Count("pk", filter=Q(meetings_held__lt=expected)),
    )
    return ParentMeetingsSummary(
        school_year=school_year_start(today),
        first=first,
        last=today,
        expected_per_pupil=expected,
        pupils_expected=figures["pupils"],
        meetings_held=figures["held"],
        pupils_behind=figures["behind"],
    )


def pupils_behind(
    pupils: QuerySet[Pupil], *, first: date, last: date, expected: int
) -> QuerySet[Pupil]:
    """Of ``pupils`` (already scoped), those with fewer than ``expected``
    meetings from ``first`` to ``last``, fewest first."""
    return (
        with_meetings_held(pupils, first=first, last=last)
        .filter(Q(meetings_held__lt=expected))
        .order_by(
            F("meetings_held").asc(), "year_group", "legal_last_name", "legal_first_name", "pk"
        )
    )
