"""schools.terms: a school's terms, half-terms and term days, with a frozen clock."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from schools import terms as t
from sendit.lib.dates import bank_holidays, easter_sunday, school_year_start
from tests.factories import make_school_year

# Hillside's own 2026-27 dates (not the usual ones: Autumn 1 starts on a
# Thursday, Spring 2 ends on 26 March).
HILLSIDE_2026 = [
    (date(2026, 9, 3), date(2026, 10, 23)),
    (date(2026, 11, 2), date(2026, 12, 18)),
    (date(2027, 1, 5), date(2027, 2, 12)),
    (date(2027, 2, 22), date(2027, 3, 26)),
    (date(2027, 4, 12), date(2027, 5, 28)),
    (date(2027, 6, 7), date(2027, 7, 20)),
]
INSET = date(2026, 11, 2)
POLLING = date(2027, 5, 6)


@pytest.fixture
def hillside(cast):
    make_school_year(
        cast.school,
        2026,
        HILLSIDE_2026,
        [(INSET, "inset", "Staff training"), (POLLING, "closure", "Polling station")],
    )
    return cast.school


@time_machine.travel(date(2026, 11, 23), tick=False)
def test_the_term_of_today_in_the_schools_own_dates(hillside) -> None:
    today = timezone.localdate()
    term = t.term_of(hillside, today)
    assert term is not None
    assert (term.name, term.label, term.key) == ("Autumn", "Autumn 2026", "2026-autumn")
    assert (term.start, term.end, term.school_year) == (date(2026, 9, 3), date(2026, 12, 18), 2026)
    assert [h.name for h in term.half_terms] == ["Autumn 1", "Autumn 2"]
    half = t.half_term_of(hillside, today)
    assert half is not None and (half.name, half.key) == ("Autumn 2", "2026-autumn-2")
    assert half.label == "Autumn 2 2026" and half.term_name == "Autumn" and half.value == "autumn_2"
    assert t.year_of(hillside, school_year_start(today)).entered


def test_boundary_days(hillside) -> None:
    # First and last days belong to their term; the day before and after do not.
    assert t.term_of(hillside, date(2026, 9, 2)) is None
    assert t.term_of(hillside, date(2026, 9, 3)).name == "Autumn"
    assert t.term_of(hillside, date(2026, 12, 18)).name == "Autumn"
    assert t.term_of(hillside, date(2026, 12, 19)) is None
    assert t.term_of(hillside, date(2027, 1, 5)).name == "Spring"
    assert t.term_of(hillside, date(2027, 3, 26)).name == "Spring"
    assert t.term_of(hillside, date(2027, 3, 29)) is None
    assert t.term_of(hillside, date(2027, 7, 20)).key == "2026-summer"
    assert t.term_of(hillside, date(2027, 7, 21)) is None
    # The half-term holiday is inside the term but in no half-term.
    assert t.term_of(hillside, date(2026, 10, 28)).name == "Autumn"
    assert t.half_term_of(hillside, date(2026, 10, 28)) is None
    assert t.half_term_of(hillside, date(2026, 10, 23)).name == "Autumn 1"
    assert t.half_term_of(hillside, date(2026, 11, 2)).name == "Autumn 2"
    assert t.half_term_of(hillside, date(2027, 6, 7)).name == "Summer 2"


def test_term_days(hillside) -> None:
    assert t.is_term_day(hillside, date(2026, 11, 3))
    assert not t.is_term_day(hillside, INSET)  # INSET: staff in, no lessons
    assert not t.is_term_day(hillside, POLLING)  # a closure
    assert not t.is_term_day(hillside, date(2026, 11, 7))  # a Saturday
    assert not t.is_term_day(hillside, date(2026, 10, 28))  # half-term holiday
    assert not t.is_term_day(hillside, date(2027, 5, 3))  # early May bank holiday
    assert t.non_teaching_day(hillside, INSET).kind_label == "INSET day"
    assert t.non_teaching_day(hillside, date(2026, 11, 3)) is None
    # The next term day: the day itself, or the first after it.
    assert t.next_term_day(hillside, date(2026, 11, 3)) == date(2026, 11, 3)
    assert t.next_term_day(hillside, date(2026, 10, 24)) == date(2026, 11, 3)  # past INSET
    assert t.next_term_day(hillside, date(2026, 12, 19)) == date(2027, 1, 5)
    assert t.next_term_day(hillside, date(2027, 7, 21)) == date(2027, 9, 1)  # next year: usual
    assert t.previous_term_day(hillside, date(2026, 11, 2)) == date(2026, 10, 23)
    assert t.term_days(hillside, date(2026, 10, 22), date(2026, 11, 4)) == [
        date(2026, 10, 22),
        date(2026, 10, 23),
        date(2026, 11, 3),
        date(2026, 11, 4),
    ]


def test_one_school_terms_reads_each_year_once(hillside, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        terms = t.school_terms(hillside)
        days = t.term_days(terms, date(2026, 9, 1), date(2027, 7, 31))
    assert 180 < len(days) < 195


@time_machine.travel(date(2027, 2, 1), tick=False)
def test_a_school_without_term_dates_gets_the_usual_ones(cast) -> None:
    today = timezone.localdate()
    year = t.year_of(cast.other_school, school_year_start(today))
    assert not year.entered and year.label == "2026 to 2027"
    assert [h.name for h in year.half_terms] == [
        "Autumn 1",
        "Autumn 2",
        "Spring 1",
        "Spring 2",
        "Summer 1",
        "Summer 2",
    ]
    assert t.term_of(cast.other_school, today).name == "Spring"
    assert t.half_term_of(cast.other_school, today).name == "Spring 1"
    # The usual 2026-27 dates: in from 1 September, Christmas from 19 December,
    # two weeks at Easter (28 March 2027), the week of the spring bank holiday off.
    spans = [(h.start, h.end) for h in year.half_terms]
    assert spans[0] == (date(2026, 9, 1), date(2026, 10, 23))
    assert spans[1][1] == date(2026, 12, 18)
    assert spans[3][1] < easter_sunday(2027) < spans[4][0]
    assert spans[4][1] == date(2027, 5, 28) and spans[5][0] == date(2027, 6, 7)
    # Another school's entered dates are not this school's.
    make_school_year(cast.school, 2026, HILLSIDE_2026)
    assert not t.year_of(cast.other_school, 2026).entered


@pytest.mark.parametrize("start_year", range(2020, 2041))
def test_the_usual_dates_hold_for_every_year(start_year) -> None:
    year = t.default_year(start_year)
    halves = year.half_terms
    assert halves[0].start >= date(start_year, 9, 1) and halves[-1].end <= date(
        start_year + 1, 7, 31
    )
    for first, second in zip(halves, halves[1:], strict=False):
        assert first.start < first.end < second.start
        assert first.start.weekday() < 5 and first.end.weekday() < 5
    # Easter Monday and the spring bank holiday fall in holidays.
    holidays = bank_holidays(start_year + 1)
    assert all(not any(day in h for h in halves) or day.month == 5 for day in holidays)
    days = t.term_days(year_school_terms(year), halves[0].start, halves[-1].end)
    assert 185 <= len(days) <= 200


def year_school_terms(year: t.TermYear) -> t.SchoolTerms:
    """A SchoolTerms holding just this year (no database)."""
    terms = t.SchoolTerms(0)
    terms._years[year.school_year] = year
    for other in (year.school_year - 1, year.school_year + 1):
        terms._years[other] = t.default_year(other)
    return terms


def test_latest_term_in_the_holidays(hillside) -> None:
    assert t.latest_term(hillside, date(2026, 12, 28)).key == "2026-autumn"
    assert t.latest_term(hillside, date(2027, 8, 10)).key == "2026-summer"
    assert t.latest_term(hillside, date(2026, 9, 2)).key == "2025-summer"
    assert t.latest_term(hillside, date(2026, 9, 3)).key == "2026-autumn"


def test_terms_of_a_year_and_keys(hillside) -> None:
    terms = t.terms_of_year(hillside, 2026)
    assert [term.key for term in terms] == ["2026-autumn", "2026-spring", "2026-summer"]
    assert [h.key for h in t.half_terms_of_year(hillside, 2026)][2] == "2026-spring-1"
    assert t.term_from_key(hillside, "2026-spring") == terms[1]
    assert t.term_from_key(hillside, "2026-spring").end == date(2027, 3, 26)
    assert t.half_term_from_key(hillside, "2026-summer-2").start == date(2027, 6, 7)
    assert t.term_from_key(hillside, "2025-autumn").label == "Autumn 2025"  # usual dates


@pytest.mark.parametrize(
    "key",
    [
        "",
        "2026",
        "2026-",
        "-autumn",
        "9999-autumn",
        "1989-autumn",
        "2101-autumn",
        "10000-autumn",
        "0-autumn",
        "2026-Autumn",
        "2026-winter",
        "2026-autumn-1",
        "²⁰²⁶-autumn",
        "2026-autumn\x00",
        "x" * 5000,
    ],
)
def test_keys_of_the_wrong_shape_name_no_term(hillside, key) -> None:
    assert t.term_from_key(hillside, key) is None


@pytest.mark.parametrize(
    "key", ["2026-autumn", "2026-autumn-3", "2026-autumn-0", "2026-autumn-x", "2026--1", "a-b-c"]
)
def test_half_term_keys_of_the_wrong_shape(hillside, key) -> None:
    assert t.half_term_from_key(hillside, key) is None


def test_bank_holidays() -> None:
    assert bank_holidays(2027) == {
        date(2027, 1, 1),
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 5, 3),
        date(2027, 5, 31),
        date(2027, 8, 30),
        date(2027, 12, 27),
        date(2027, 12, 28),
    }
    assert easter_sunday(2026) == date(2026, 4, 5) and easter_sunday(2025) == date(2025, 4, 20)
