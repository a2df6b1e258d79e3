"""The stretches of the school year a document covers: a term or a half-term,
with the school's own dates (schools.terms).

A period has a key that names it in URLs and on the document ("2025-autumn",
"2025-autumn-1", the keys of schools.terms), a label for people, its first
and last day, and the same period a year earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from schools.models import School
from schools.terms import (
    HalfTerm,
    SchoolRef,
    Term,
    half_term_from_key,
    latest_term,
    school_terms,
    term_from_key,
    terms_of_year,
)
from sendit.lib.dates import school_year_start

TERM = "term"
HALF_TERM = "half_term"


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: date
    end: date
    kind: str  # TERM or HALF_TERM
    school_year: int

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year} to {self.school_year + 1}"

    def year_before(self, school: SchoolRef) -> Period | None:
        year, _, rest = self.key.partition("-")
        return period_from_key(school, f"{int(year) - 1}-{rest}")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def term_period(term: Term) -> Period:
    label = f"{term.name} term {term.school_year} to {term.school_year + 1}"
    return Period(term.key, label, term.start, term.end, TERM, term.school_year)


def half_term_period(half: HalfTerm) -> Period:
    label = f"{half.name} half-term {half.school_year} to {half.school_year + 1}"
    return Period(half.key, label, half.start, half.end, HALF_TERM, half.school_year)


def period_from_key(school: SchoolRef, key: str) -> Period | None:
    """The period a key names for this school, or None (a key from a form: anything)."""
    if key.count("-") == 2:
        half = half_term_from_key(school, key)
        return half_term_period(half) if half else None
    term = term_from_key(school, key)
    return term_period(term) if term else None


def periods_to_choose(
    school: School | int, today: date, kinds: tuple[str, ...] = (TERM, HALF_TERM)
) -> list[Period]:
    """This school year's and last year's periods that have begun, newest first."""
    terms = school_terms(school)
    year = school_year_start(today)
    out: list[Period] = []
    for start_year in (year, year - 1):
        for term in terms_of_year(terms, start_year):
            if term.start > today:
                continue
            if TERM in kinds:
                out.append(term_period(term))
            if HALF_TERM in kinds:
                out.extend(half_term_period(h) for h in term.half_terms if h.start <= today)
    out.sort(key=lambda p: (p.start, p.kind == TERM), reverse=True)
    return out


def current_term(school: SchoolRef, today: date) -> Period:
    """The term today falls in (in a holiday, the one just ended)."""
    return term_period(latest_term(school, today))


def term_just_ended(school: SchoolRef, today: date, *, within: int = 7) -> Period | None:
    """The term that ended in the week before today, for the schedule."""
    term = latest_term(school, today - timedelta(days=1))
    if today - timedelta(days=within) <= term.end < today:
        return term_period(term)
    return None


def latest_period_for(school: School | int, today: date, kinds: tuple[str, ...]) -> Period:
    """The newest period of one of these kinds that has begun (for tests and the benchmark)."""
    return periods_to_choose(school, today, kinds)[0]
