"""The stretches of the school year a document covers: a term or a half-term.

A period has a key that names it in URLs and on the document ("2025-autumn",
"2025-autumn-1"), a label for people, its first and last day, and the same
period a year earlier (the termly report compares the register with it).
Terms come from ``sendit.lib.dates``; a half-term is the first or second
half of a term, split at its middle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from schools.terms import Term
from sendit.lib.dates import FIRST_SCHOOL_YEAR, LAST_SCHOOL_YEAR

TERM = "term"
HALF_TERM = "half_term"


# Calendar terms (September to December, January to March, April to August),
# as sendit.lib.dates had them, until the reports read the school's own
# terms from schools.terms.
def school_year_start(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def terms_of_year(start_year: int) -> list[Term]:
    return [
        Term("Autumn", date(start_year, 9, 1), date(start_year, 12, 31), start_year),
        Term("Spring", date(start_year + 1, 1, 1), date(start_year + 1, 3, 31), start_year),
        Term("Summer", date(start_year + 1, 4, 1), date(start_year + 1, 8, 31), start_year),
    ]


def term_from_key(key: str) -> Term | None:
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


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: date
    end: date
    kind: str  # TERM or HALF_TERM
    term: Term

    @property
    def school_year(self) -> int:
        return self.term.school_year

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year} to {self.school_year + 1}"

    def year_before(self) -> Period:
        found = period_from_key(_shift_key(self.key, -1))
        assert found is not None  # the same period a year earlier always exists
        return found

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _shift_key(key: str, years: int) -> str:
    year, _, rest = key.partition("-")
    return f"{int(year) + years}-{rest}"


def term_period(term: Term) -> Period:
    return Period(
        term.key,
        f"{term.name} term {term.school_year} to {term.school_year + 1}",
        term.start,
        term.end,
        TERM,
        term,
    )


def half_terms(term: Term) -> list[Period]:
    middle = term.start + (term.end - term.start) // 2
    first = Period(
        f"{term.key}-1",
        f"{term.name} first half-term {term.start.year}",
        term.start,
        middle,
        HALF_TERM,
        term,
    )
    second = Period(
        f"{term.key}-2",
        f"{term.name} second half-term {term.start.year}",
        middle + timedelta(days=1),
        term.end,
        HALF_TERM,
        term,
    )
    return [first, second]


def period_from_key(key: str) -> Period | None:
    """The period a key names, or None (a key from a URL or a form: anything)."""
    base, dash, half = key.rpartition("-") if key.count("-") == 2 else (key, "", "")
    term = term_from_key(base)
    if term is None:
        return None
    if not dash:
        return term_period(term)
    if half in {"1", "2"}:
        return half_terms(term)[int(half) - 1]
    return None


def periods_to_choose(today: date, kinds: tuple[str, ...] = (TERM, HALF_TERM)) -> list[Period]:
    """This school year's and last year's periods that have begun, newest first."""
    year = school_year_start(today)
    out: list[Period] = []
    for start_year in (year, year - 1):
        for term in terms_of_year(start_year):
            if term.start > today:
                continue
            if TERM in kinds:
                out.append(term_period(term))
            if HALF_TERM in kinds:
                out.extend(p for p in half_terms(term) if p.start <= today)
    out.sort(key=lambda p: (p.start, p.kind == TERM), reverse=True)
    return out


def current_term(today: date) -> Period:
    return term_period(term_of(today))


def term_just_ended(today: date) -> Period | None:
    """The term that ended in the week before today, for the schedule."""
    for back in range(1, 8):
        day = today - timedelta(days=back)
        term = term_of(day)
        if term.end == day:
            return term_period(term)
    return None
