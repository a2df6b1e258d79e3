"""Days of a month or a week, each with its events, for the calendar pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from calendar_app.models import Event


@dataclass
class Day:
    day: date
    today: bool
    in_month: bool = True
    events: list[Event] = field(default_factory=list)

    @property
    def weekend(self) -> bool:
        return self.day.weekday() >= 5


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_span(first: date) -> tuple[date, date]:
    """The first and last day of the month starting on ``first``."""
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def next_month(first: date) -> date:
    return month_span(first)[1] + timedelta(days=1)


def previous_month(first: date) -> date:
    before = first - timedelta(days=1)
    return date(before.year, before.month, 1)


def days_of(first: date, last: date, events: Iterable[Event], *, today: date) -> list[Day]:
    """Every day from ``first`` to ``last`` with the events on it (an event of
    several days is on each of them)."""
    days = [
        Day(day=first + timedelta(days=n), today=first + timedelta(days=n) == today)
        for n in range((last - first).days + 1)
    ]
    for event in events:
        start = max(event.start_date, first)
        end = min(event.end_date, last)
        for n in range((start - first).days, (end - first).days + 1):
            days[n].events.append(event)
    return days
