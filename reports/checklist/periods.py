"""The half-terms a checklist is kept for: the school's own (``schools.terms``).

The bank and the checklists number them 1 (Autumn 1) to 6 (Summer 2); a
half-term is named in addresses by its key ("2025-autumn-2"). In a holiday
the checklist in use is the one of the half-term just ended: the meeting is
often held then, and its actions are still that half-term's.
"""

from __future__ import annotations

from datetime import date

from schools.terms import (
    TERM_NAMES,
    HalfTerm,
    SchoolRef,
    half_terms_of_year,
    school_terms,
)
from sendit.lib.dates import FIRST_SCHOOL_YEAR, LAST_SCHOOL_YEAR, school_year_start

__all__ = [
    "HalfTerm",
    "current_half_term",
    "half_term",
    "next_half_term",
    "number_of",
    "period_key",
    "previous_half_term",
]


def number_of(half: HalfTerm) -> int:
    """1 for Autumn 1 to 6 for Summer 2."""
    return TERM_NAMES.index(half.term_name) * 2 + half.number


def period_key(school_year: int, number: int) -> str:
    """ "2025-autumn-2" for Autumn 2 of the year starting in 2025 (HalfTerm.key)."""
    return f"{school_year}-{TERM_NAMES[(number - 1) // 2].lower()}-{2 - number % 2}"


def half_term(school: SchoolRef, school_year: int, number: int) -> HalfTerm | None:
    """The half-term named by a school year and a number, or None if it names none."""
    if not (FIRST_SCHOOL_YEAR <= school_year <= LAST_SCHOOL_YEAR and 1 <= number <= 6):
        return None
    return half_terms_of_year(school, school_year)[number - 1]


def current_half_term(school: SchoolRef, today: date) -> HalfTerm:
    """The half-term ``today`` falls in; in a holiday, the one just ended."""
    terms = school_terms(school)
    year = school_year_start(today)
    started = [
        half
        for half in half_terms_of_year(terms, year - 1) + half_terms_of_year(terms, year)
        if half.start <= today
    ]
    return started[-1]


def previous_half_term(school: SchoolRef, half: HalfTerm) -> HalfTerm | None:
    number = number_of(half)
    if number > 1:
        return half_term(school, half.school_year, number - 1)
    return half_term(school, half.school_year - 1, 6)


def next_half_term(school: SchoolRef, half: HalfTerm) -> HalfTerm | None:
    number = number_of(half)
    if number < 6:
        return half_term(school, half.school_year, number + 1)
    return half_term(school, half.school_year + 1, 1)
