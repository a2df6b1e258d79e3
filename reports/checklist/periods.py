"""The half-terms a checklist is kept for, numbered 1 (Autumn 1) to 6 (Summer 2).

The same half-terms as every other document (``reports.periods``), so that a
checklist's PDF and its page cover the same days; each is named by that
module's key ("2025-autumn-2"). ``school`` is taken everywhere so that the
school's own term dates can be used once they are kept per school.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reports.periods import HALF_TERM, Period, half_terms, period_from_key
from schools.models import School
from sendit.lib.dates import FIRST_SCHOOL_YEAR, LAST_SCHOOL_YEAR, school_year_start, terms_of_year

NAMES = {
    1: "Autumn 1",
    2: "Autumn 2",
    3: "Spring 1",
    4: "Spring 2",
    5: "Summer 1",
    6: "Summer 2",
}
TERM_NAMES = ("autumn", "spring", "summer")


def period_key(school_year: int, number: int) -> str:
    """ "2025-autumn-2" for Autumn 2 of 2025-26 (reports.periods.Period.key)."""
    return f"{school_year}-{TERM_NAMES[(number - 1) // 2]}-{2 - number % 2}"


@dataclass(frozen=True)
class HalfTerm:
    school_year: int  # the calendar year the school year starts in
    number: int  # 1 (Autumn 1) to 6 (Summer 2)
    start: date
    end: date

    @property
    def name(self) -> str:
        return NAMES[self.number]

    @property
    def label(self) -> str:
        """ "Autumn 1 2025-26"."""
        return f"{self.name} {self.school_year}-{str(self.school_year + 1)[-2:]}"

    @property
    def key(self) -> str:
        return period_key(self.school_year, self.number)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _half(period: Period, number: int) -> HalfTerm:
    return HalfTerm(period.school_year, number, period.start, period.end)


def half_terms_of_year(school: School, school_year: int) -> list[HalfTerm]:
    periods = [p for term in terms_of_year(school_year) for p in half_terms(term)]
    return [_half(period, number) for number, period in enumerate(periods, start=1)]


def half_term_of(school: School, day: date) -> HalfTerm:
    for half in half_terms_of_year(school, school_year_start(day)):
        if half.contains(day):
            return half
    raise AssertionError("every day falls in a half-term")  # pragma: no cover


def half_term(school: School, school_year: int, number: int) -> HalfTerm | None:
    """The half-term named by a school year and a number, or None if it names none."""
    if not (FIRST_SCHOOL_YEAR <= school_year <= LAST_SCHOOL_YEAR and 1 <= number <= 6):
        return None
    return half_terms_of_year(school, school_year)[number - 1]


def half_term_from_key(school: School, key: str) -> HalfTerm | None:
    """The half-term a period key names ("2025-autumn-2"), or None (a term's key too)."""
    period = period_from_key(key)
    if period is None or period.kind != HALF_TERM:
        return None
    for half in half_terms_of_year(school, period.school_year):
        if half.start == period.start:
            return half
    return None  # pragma: no cover


def previous_half_term(school: School, half: HalfTerm) -> HalfTerm | None:
    if half.number > 1:
        return half_term(school, half.school_year, half.number - 1)
    return half_term(school, half.school_year - 1, 6)


def next_half_term(school: School, half: HalfTerm) -> HalfTerm | None:
    if half.number < 6:
        return half_term(school, half.school_year, half.number + 1)
    return half_term(school, half.school_year + 1, 1)
