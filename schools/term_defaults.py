"""The usual England term dates for a school year, for a school that has not
entered its own.

Local authorities publish their own pattern each year; these rules give
dates close to the common one, so that everything that names a term works
from the first day. The term-dates page asks the school admin to replace
them.
"""

from __future__ import annotations

from datetime import date, timedelta

from sendit.lib.dates import (
    easter_sunday,
    is_weekend,
    weekday_on_or_after,
    weekday_on_or_before,
)

MONDAY, WEDNESDAY, FRIDAY = 0, 2, 4


def _first_weekday(day: date) -> date:
    while is_weekend(day):
        day += timedelta(days=1)
    return day


def default_half_terms(start_year: int) -> list[tuple[str, date, date]]:
    """(half-term value, first day, last day) for the six half-terms of a year.

    - Autumn starts on the first weekday of September; its half-term holiday
      is the week of the last Monday in October; it ends on the last Friday on
      or before 21 December.
    - Spring starts on the first weekday on or after 4 January; its holiday is
      the week of the first Monday on or after 12 February; it ends on the
      Friday before Holy Week, and the Easter holiday is two weeks long.
    - Summer's holiday is the week of the spring bank holiday (the last Monday
      in May); it ends on the last Wednesday on or before 24 July.
    """
    y, n = start_year, start_year + 1
    autumn_break = weekday_on_or_before(date(y, 10, 31), MONDAY)
    spring_break = weekday_on_or_after(date(n, 2, 12), MONDAY)
    easter_break = easter_sunday(n) - timedelta(days=6)  # the Monday of Holy Week
    summer_break = weekday_on_or_before(date(n, 5, 31), MONDAY)
    week, friday = timedelta(days=7), timedelta(days=3)
    return [
        ("autumn_1", _first_weekday(date(y, 9, 1)), autumn_break - friday),
        ("autumn_2", autumn_break + week, weekday_on_or_before(date(y, 12, 21), FRIDAY)),
        ("spring_1", _first_weekday(date(n, 1, 4)), spring_break - friday),
        ("spring_2", spring_break + week, easter_break - friday),
        ("summer_1", easter_break + 2 * week, summer_break - friday),
        ("summer_2", summer_break + week, weekday_on_or_before(date(n, 7, 24), WEDNESDAY)),
    ]
