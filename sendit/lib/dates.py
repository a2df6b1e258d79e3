"""School years and terms in England (September to August, three terms)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Term:
    name: str  # "Autumn", "Spring", "Summer"
    start: date
    end: date
    school_year: int  # the calendar year the school year starts in

    @property
    def label(self) -> str:
        return f"{self.name} {self.start.year}"

    @property
    def key(self) -> str:
        return f"{self.school_year}-{self.name.lower()}"


def school_year_start(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def school_year_bounds(day: date) -> tuple[date, date]:
    start = school_year_start(day)
    return date(start, 9, 1), date(start + 1, 8, 31)


def terms_of_year(start_year: int) -> list[Term]:
    return [
        Term("Autumn", date(start_year, 9, 1), date(start_year, 12, 31), start_year),
        Term("Spring", date(start_year + 1, 1, 1), date(start_year + 1, 3, 31), start_year),
        Term("Summer", date(start_year + 1, 4, 1), date(start_year + 1, 8, 31), start_year),
    ]


# Term keys outside these school years are refused: nothing in a school's
# records is that old or that far ahead, and date() fails past year 9999.
FIRST_SCHOOL_YEAR = 1990
LAST_SCHOOL_YEAR = 2100


def term_from_key(key: str) -> Term | None:
    """The term a key such as "2025-autumn" names (Term.key), or None if it names none."""
    year, _, name = key.partition("-")
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        return None
    if not FIRST_SCHOOL_YEAR <= int(year) <= LAST_SCHOOL_YEAR:
        return None
    for term in terms_of_year(int(year)):
        if term.name.lower() == name:
            return term
    return None


def term_of(day: date) -> Term:
    for term in terms_of_year(school_year_start(day)):
        if term.start <= day <= term.end:
            return term
    raise AssertionError("every day falls in a term")  # pragma: no cover
