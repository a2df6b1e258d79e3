"""A school's terms: the one place every app reads term dates from.

A school year (``school_year`` 2026 is 2026 to 2027, 1 August to 31 July)
has three terms, Autumn, Spring and Summer, of two half-terms each. The
school admin enters each year's six half-terms and its non-teaching days
(INSET, closures) on the term-dates pages; a year the school has not entered
gets the usual England dates (``schools.term_defaults``), with ``entered``
False so that pages can ask for the real ones.

A **term day** is a weekday inside a half-term that is neither a
non-teaching day of the school nor a bank holiday. Days between half-terms
(the holidays) belong to no term: ``term_of`` answers None for them, and
``latest_term`` gives the term just ended.

Every function takes the school (a ``School``, its id, or a ``SchoolTerms``
already made for it). A ``SchoolTerms`` keeps the years it has read (two
queries a year), so code asking about many days makes one and passes it
around::

    terms = school_terms(school)
    for pupil in pupils:
        day = next_term_day(terms, proposed)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeAlias

from django.db.models import CharField, Value

from schools.models import HalfTermDates, HalfTermName, NonTeachingDay, School
from schools.term_defaults import default_half_terms
from sendit.lib.dates import (
    FIRST_SCHOOL_YEAR,
    LAST_SCHOOL_YEAR,
    is_bank_holiday,
    is_weekend,
    school_year_label,
    school_year_start,
)
from sendit.lib.params import keyed_param

if TYPE_CHECKING:
    from sendit.lib.access import AuthedRequest

TERM_NAMES = ("Autumn", "Spring", "Summer")
# Looking further than this for a term day means the dates are broken.
SEARCH_DAYS = 800


@dataclass(frozen=True)
class HalfTerm:
    name: str  # "Autumn 1" ... "Summer 2"
    start: date
    end: date
    school_year: int  # the calendar year the school year starts in

    @property
    def value(self) -> str:
        """The stored name: "autumn_1"."""
        return self.name.lower().replace(" ", "_")

    @property
    def term_name(self) -> str:
        return self.name.split()[0]

    @property
    def number(self) -> int:
        return int(self.name.split()[1])

    @property
    def label(self) -> str:
        return f"{self.name} {self.start.year}"

    @property
    def key(self) -> str:
        return f"{self.school_year}-{self.term_name.lower()}-{self.number}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class Term:
    name: str  # "Autumn", "Spring", "Summer"
    start: date  # the first day of its first half-term
    end: date  # the last day of its second half-term
    school_year: int
    half_terms: tuple[HalfTerm, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.name} {self.start.year}"

    @property
    def key(self) -> str:
        return f"{self.school_year}-{self.name.lower()}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class NonTeaching:
    day: date
    kind: str  # NonTeachingDay.Kind: "inset" or "closure"
    name: str

    @property
    def kind_label(self) -> str:
        return NonTeachingDay.Kind(self.kind).label


@dataclass(frozen=True)
class TermYear:
    """One school year's dates as the school has them (or the usual ones)."""

    school_year: int
    half_terms: tuple[HalfTerm, ...]  # the six, in order
    non_teaching: tuple[NonTeaching, ...] = ()
    entered: bool = False  # False: the usual England dates, not the school's own

    @property
    def label(self) -> str:
        return school_year_label(self.school_year)

    @property
    def start(self) -> date:
        return self.half_terms[0].start

    @property
    def end(self) -> date:
        return self.half_terms[-1].end

    @property
    def terms(self) -> list[Term]:
        found = []
        for index, name in enumerate(TERM_NAMES):
            pair = self.half_terms[2 * index : 2 * index + 2]
            found.append(Term(name, pair[0].start, pair[1].end, self.school_year, pair))
        return found

    def filed_under(self, day: date) -> Term:
        """The term a day of this school year comes under: its own term, in a
        holiday the term before it, and before Autumn starts, Autumn."""
        terms = self.terms
        return next((term for term in reversed(terms) if term.start <= day), terms[0])

    def non_teaching_on(self, day: date) -> NonTeaching | None:
        for entry in self.non_teaching:
            if entry.day == day:
                return entry
        return None

    def is_term_day(self, day: date) -> bool:
        if is_weekend(day) or is_bank_holiday(day):
            return False
        if not any(day in half_term for half_term in self.half_terms):
            return False
        return self.non_teaching_on(day) is None

    def term_day_count(self, span: Term | HalfTerm) -> int:
        """How many term days a term or half-term of this year holds."""
        count = (span.end - span.start).days + 1
        return sum(self.is_term_day(span.start + timedelta(days=n)) for n in range(count))


def _half_term(value: str, start: date, end: date, school_year: int) -> HalfTerm:
    return HalfTerm(HalfTermName(value).label, start, end, school_year)


def default_year(start_year: int) -> TermYear:
    """The usual England dates for a year, used until the school enters its own."""
    return TermYear(
        start_year,
        tuple(_half_term(v, s, e, start_year) for v, s, e in default_half_terms(start_year)),
    )


# Marks the half-term rows among the days without teaching (whose kinds are
# NonTeachingDay.Kind values) when both are read in one query.
_HALF_TERM = "half-term"


@dataclass
class SchoolTerms:
    """A school's term dates, read a year at a time and kept."""

    school_id: int
    _years: dict[int, TermYear] = field(default_factory=dict, repr=False)

    def year(self, start_year: int) -> TermYear:
        if start_year not in self._years:
            self._years[start_year] = self._load(start_year)
        return self._years[start_year]

    def _load(self, start_year: int) -> TermYear:
        self.preload([start_year])
        return self._years[start_year]

    def preload(self, start_years: Iterable[int]) -> None:
        """Read these years (those not read yet) in one query, whatever their number:
        the half-terms and the days without teaching, as one list of rows."""
        wanted = sorted(set(start_years) - self._years.keys())
        if not wanted:
            return
        mine = {"year__school_id": self.school_id, "year__start_year__in": wanted}
        half_terms = HalfTermDates.objects.filter(**mine).values_list(
            "year__start_year",
            Value(_HALF_TERM, output_field=CharField()),
            "name",
            "starts_on",
            "ends_on",
        )
        days_off = NonTeachingDay.objects.filter(**mine).values_list(
            "year__start_year", "kind", "name", "day", "day"
        )
        halves: dict[int, list[HalfTerm]] = {year: [] for year in wanted}
        days: dict[int, list[NonTeaching]] = {year: [] for year in wanted}
        for year, kind, name, first, last in half_terms.union(days_off, all=True):
            if kind == _HALF_TERM:
                halves[year].append(_half_term(name, first, last, year))
            else:
                days[year].append(NonTeaching(first, kind, name))
        for year in wanted:
            found = sorted(halves[year], key=lambda half: half.start)
            if len(found) != len(HalfTermName.values):
                self._years[year] = default_year(year)
            else:
                self._years[year] = TermYear(
                    year, tuple(found), tuple(sorted(days[year], key=lambda d: d.day)), True
                )

    def forget(self) -> None:
        """Read the dates again next time (after they were edited)."""
        self._years.clear()


SchoolRef: TypeAlias = School | int | SchoolTerms


# Inside ``terms_kept``: the SchoolTerms made for each school, by its id.
_kept: ContextVar[dict[int, SchoolTerms] | None] = ContextVar("sendit_school_terms", default=None)


@contextmanager
def terms_kept() -> Iterator[None]:
    """Within this block ``school_terms`` gives one SchoolTerms per school, so
    that a page or document made of several parts, each asking for the terms
    with the school, reads each year's dates once. For reading only: not
    around code that edits the dates. Nested blocks share the outer one's."""
    if _kept.get() is not None:
        yield
        return
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def school_terms(school: SchoolRef) -> SchoolTerms:
    if isinstance(school, SchoolTerms):
        return school
    school_id = school.pk if isinstance(school, School) else school
    kept = _kept.get()
    if kept is None:
        return SchoolTerms(school_id)
    if school_id not in kept:
        kept[school_id] = SchoolTerms(school_id)
    return kept[school_id]


def terms_around(school: SchoolRef, day: date) -> SchoolTerms:
    """The school's terms with the school years before, of and after ``day`` read
    in one query (inside ``terms_kept``, for a page that looks a term back and
    a term ahead)."""
    terms = school_terms(school)
    year = school_year_start(day)
    terms.preload((year - 1, year, year + 1))
    return terms


# The years ---------------------------------------------------------------------------------------


def year_of(school: SchoolRef, start_year: int) -> TermYear:
    """The school year starting in ``start_year``: entered, or the usual dates."""
    return school_terms(school).year(start_year)


def year_holding(school: SchoolRef, day: date) -> TermYear:
    """The school year (1 August to 31 July) that ``day`` falls in."""
    return year_of(school, school_year_start(day))


def terms_of_year(school: SchoolRef, start_year: int) -> list[Term]:
    """Autumn, Spring and Summer of the year starting in ``start_year``."""
    return year_of(school, start_year).terms


def half_terms_of_year(school: SchoolRef, start_year: int) -> list[HalfTerm]:
    """The six half-terms, Autumn 1 to Summer 2, of the year starting in ``start_year``."""
    return list(year_of(school, start_year).half_terms)


# Days --------------------------------------------------------------------------------------------


def term_of(school: SchoolRef, day: date) -> Term | None:
    """The term ``day`` falls in (half-term holidays included), or None in the holidays."""
    for term in year_holding(school, day).terms:
        if day in term:
            return term
    return None


def half_term_of(school: SchoolRef, day: date) -> HalfTerm | None:
    """The half-term ``day`` falls in, or None in a holiday."""
    for half_term in year_holding(school, day).half_terms:
        if day in half_term:
            return half_term
    return None


def latest_term(school: SchoolRef, day: date) -> Term:
    """The term ``day`` falls in; in a holiday, the term that ended last before it."""
    terms = school_terms(school)
    start_year = school_year_start(day)
    candidates = terms_of_year(terms, start_year - 1) + terms_of_year(terms, start_year)
    return [term for term in candidates if term.start <= day][-1]


def non_teaching_day(school: SchoolRef, day: date) -> NonTeaching | None:
    """The school's INSET day or closure on ``day``, if it is one."""
    return year_holding(school, day).non_teaching_on(day)


def is_term_day(school: SchoolRef, day: date) -> bool:
    """A day with lessons: a weekday inside a half-term, not INSET, not a
    closure, not a bank holiday."""
    return year_holding(school, day).is_term_day(day)


def next_term_day(school: SchoolRef, day: date) -> date:
    """``day`` if it is a term day, else the first term day after it."""
    terms = school_terms(school)
    for offset in range(SEARCH_DAYS):
        candidate = day + timedelta(days=offset)
        if is_term_day(terms, candidate):
            return candidate
    raise ValueError(f"No term day within {SEARCH_DAYS} days of {day}.")


def previous_term_day(school: SchoolRef, day: date) -> date:
    """``day`` if it is a term day, else the last term day before it."""
    terms = school_terms(school)
    for offset in range(SEARCH_DAYS):
        candidate = day - timedelta(days=offset)
        if is_term_day(terms, candidate):
            return candidate
    raise ValueError(f"No term day within {SEARCH_DAYS} days before {day}.")


def term_days(school: SchoolRef, first: date, last: date) -> list[date]:
    """Every term day from ``first`` to ``last`` inclusive."""
    terms = school_terms(school)
    days = []
    day = first
    while day <= last:
        if is_term_day(terms, day):
            days.append(day)
        day += timedelta(days=1)
    return days


# Keys (in addresses: ?term=2026-autumn, ?half_term=2026-autumn-1) ---------------------------------


def _key_year(text: str) -> int | None:
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        return None
    year = int(text)
    return year if FIRST_SCHOOL_YEAR <= year <= LAST_SCHOOL_YEAR else None


def term_from_key(school: SchoolRef, key: str) -> Term | None:
    """The term a key such as "2026-autumn" names (Term.key), or None if it names none."""
    year_text, _, name = key.partition("-")
    year = _key_year(year_text)
    if year is None or name.capitalize() not in TERM_NAMES or name != name.lower():
        return None
    return next(term for term in terms_of_year(school, year) if term.name.lower() == name)


def half_term_from_key(school: SchoolRef, key: str) -> HalfTerm | None:
    """The half-term a key such as "2026-autumn-1" names (HalfTerm.key), or None."""
    parts = key.split("-")
    if len(parts) != 3:
        return None
    year = _key_year(parts[0])
    if year is None:
        return None
    for half_term in half_terms_of_year(school, year):
        if half_term.key == key:
            return half_term
    return None


def term_param(
    request: AuthedRequest, name: str, *, default: Term, school: SchoolRef | None = None
) -> Term:
    """A term named in the address by its key ("?term=2026-autumn"), in the
    school's own dates (the active school unless ``school`` is given);
    otherwise ``default``, with a notice (sendit.lib.params)."""
    terms = school_terms(school if school is not None else _active_school_id(request))
    return keyed_param(
        request, name, default=default, lookup=lambda key: term_from_key(terms, key), label="term"
    )


def half_term_param(
    request: AuthedRequest, name: str, *, default: HalfTerm, school: SchoolRef | None = None
) -> HalfTerm:
    """Like ``term_param``, for a half-term ("?half_term=2026-autumn-1")."""
    terms = school_terms(school if school is not None else _active_school_id(request))
    return keyed_param(
        request,
        name,
        default=default,
        lookup=lambda key: half_term_from_key(terms, key),
        label="half-term",
    )


def _active_school_id(request: AuthedRequest) -> int:
    school_id = request.user.school_id
    if school_id is None:
        raise ValueError("No active school: pass school=")
    return school_id
