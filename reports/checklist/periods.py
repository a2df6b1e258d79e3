"""The half-terms a checklist is kept for.

Six half-terms a school year: Autumn 1 and 2, Spring 1 and 2, Summer 1 and 2.
Until the school's own term dates are read from ``schools.terms``, each of
the three terms of ``sendit.lib.dates`` is split in two at a fixed date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
# Where each term splits: the second half starts on this (month, day).
_SECOND_HALF_STARTS = {"Autumn": (11, 1), "Spring": (2, 16), "Summer": (6, 1)}


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

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def half_terms_of_year(school: School, school_year: int) -> list[HalfTerm]:
    halves = []
    for index, term in enumerate(terms_of_year(school_year)):
        month, day = _SECOND_HALF_STARTS[term.name]
        second = date(term.start.year, month, day)
        halves.append(
            HalfTerm(
                school_year, 2 * index + 1, term.start, date.fromordinal(second.toordinal() - 1)
            )
        )
        halves.append(HalfTerm(school_year, 2 * index + 2, second, term.end))
    return halves


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


def previous_half_term(school: School, half: HalfTerm) -> HalfTerm | None:
    if half.number > 1:
        return half_term(school, half.school_year, half.number - 1)
    return half_term(school, half.school_year - 1, 6)


def next_half_term(school: School, half: HalfTerm) -> HalfTerm | None:
    if half.number < 6:
        return half_term(school, half.school_year, half.number + 1)
    return half_term(school, half.school_year + 1, 1)
