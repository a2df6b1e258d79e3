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


def term_of(day: date) -> Term:
    for term in terms_of_year(school_year_start(day)):
        if term.start <= day <= term.end:
            return term
    raise AssertionError("every day falls in a term")  # pragma: no cover


def school_year_label(day: date) -> str:
    start = school_year_start(day)
    return f"{start} to {start + 1}"
