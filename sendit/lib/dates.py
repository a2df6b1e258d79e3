"""Calendar facts about England that hold for every school.

A school's own terms live in ``schools.terms`` (entered by the school admin,
or the usual dates when none are entered); this module knows only what no
school chooses: which school year a day falls in, Easter, and the bank
holidays.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

# Term keys and year choices outside these school years are refused: nothing
# in a school's records is that old or that far ahead, and date() fails past
# year 9999.
FIRST_SCHOOL_YEAR = 1990
LAST_SCHOOL_YEAR = 2100


def school_year_start(day: date) -> int:
    """The calendar year the school year holding ``day`` starts in.

    A school year runs from 1 August to 31 July: in England it begins with
    the first term to start after July, so a late-August start belongs to the
    new year and the summer holiday after the last term to the next one.
    """
    return day.year if day.month >= 8 else day.year - 1


def school_year_dates(start_year: int) -> tuple[date, date]:
    """The first and last day (1 August, 31 July) of the school year starting in ``start_year``."""
    return date(start_year, 8, 1), date(start_year + 1, 7, 31)


def school_year_bounds(day: date) -> tuple[date, date]:
    """The first and last day (1 August, 31 July) of the school year holding ``day``."""
    return school_year_dates(school_year_start(day))


def school_year_label(start_year: int) -> str:
    return f"{start_year} to {start_year + 1}"


def weekday_on_or_after(day: date, weekday: int) -> date:
    """The first ``weekday`` (Monday is 0) on or after ``day``."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def weekday_on_or_before(day: date, weekday: int) -> date:
    """The last ``weekday`` (Monday is 0) on or before ``day``."""
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def easter_sunday(year: int) -> date:
    """Easter Day in the Gregorian calendar (the anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _substitute(day: date, taken: set[date]) -> date:
    """A bank holiday falling at a weekend moves to the next free weekday."""
    while is_weekend(day) or day in taken:
        day += timedelta(days=1)
    return day


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of a calendar year, by the usual rules.

    One-off changes by proclamation (a jubilee, a coronation) are not known
    here; a school enters those as closures.
    """
    easter = easter_sunday(year)
    days: set[date] = {
        _substitute(date(year, 1, 1), set()),
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        weekday_on_or_after(date(year, 5, 1), 0),
        weekday_on_or_before(date(year, 5, 31), 0),
        weekday_on_or_before(date(year, 8, 31), 0),
    }
    christmas = _substitute(date(year, 12, 25), set())
    days.add(christmas)
    days.add(_substitute(date(year, 12, 26), {christmas}))
    return frozenset(days)


def is_bank_holiday(day: date) -> bool:
    return day in bank_holidays(day.year)
