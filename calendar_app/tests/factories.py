"""Events for the calendar's tests."""

from __future__ import annotations

from datetime import date, time

from calendar_app.models import Event, Kind, Source
from schools.models import School


def make_event(
    school: School,
    *,
    day: date,
    title: str = "",
    kind: str = Kind.OTHER,
    start: time | None = None,
    end: time | None = None,
    **extra: object,
) -> Event:
    return Event.objects.create(
        school=school,
        title=title or f"{Kind(kind).label} on {day.isoformat()}",
        kind=kind,
        start_date=day,
        end_date=extra.pop("end_date", day),
        start_time=start,
        end_time=end,
        source=extra.pop("source", Source.MANUAL),
        **extra,
    )
