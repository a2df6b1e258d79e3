"""iCalendar feeds (RFC 5545), built with the ``icalendar`` library.

Feeds leave the school (people share their calendars), so nothing in one
names a pupil or a colleague: an event about a pupil is called by its kind
and the pupil's year group ("EHC annual review (Year 9)"), and any other
title or place that holds a name of the school's pupils or staff is
replaced by the kind. Each event links back into sendit, where access is
checked as ever.

Times are school time: DTSTART/DTEND carry TZID=Europe/London with a
VTIMEZONE for it, so a 09:00 meeting stays at 09:00 across the changes to
and from summer time. All-day events end on the day after their last day
(DTEND is exclusive). UIDs are the event's id, so a moved event moves in
the subscriber's calendar rather than appearing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

import icalendar

from calendar_app.models import Event, Kind
from sendit.lib.privacy import names_in_text

PRODID = "-//sendit//SEND calendar//EN"
TZID = "Europe/London"
# How often subscribers are asked to fetch the feed again.
REFRESH = timedelta(hours=1)
# Feeds hold dates from this far back.
HISTORY = timedelta(days=183)


def event_uid(event: Event) -> str:
    return f"sendit-event-{event.pk}-school-{event.school_id}@sendit"


def _summary(event: Event, names: set[str]) -> str:
    if event.pupil_id is not None:
        title = event.anonymous_title()
    elif names and names_in_text(event.title, names):
        title = Kind(event.kind).label
    else:
        title = event.title
    return f"Cancelled: {title}" if event.is_cancelled else title


def _place(event: Event, names: set[str]) -> str:
    if not event.place or (names and names_in_text(event.place, names)):
        return ""
    return event.place


def feed_calendar(
    events: Iterable[Event],
    *,
    name: str,
    link: Callable[[Event], str],
    names: set[str],
    today: date,
) -> bytes:
    """The events as one iCalendar file. ``names`` are every way the school's
    pupils and staff may be written (feedback.services.school_names)."""
    events = list(events)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    # Only titles and places that hold a name need the per-event check.
    text = "\n".join(f"{e.title}\n{e.place}" for e in events if e.pupil_id is None)
    flagged = names if names and names_in_text(text, names) else set()
    for event in events:
        cal.add_component(_vevent(event, link=link(event), names=flagged))
    first = min([today, *(e.start_date for e in events)])
    last = max([today, *(e.end_date for e in events)])
    cal.add_missing_timezones(
        first_date=date(first.year, 1, 1), last_date=date(last.year + 2, 1, 1)
    )
    if not cal.timezones:
        # A feed with no timed event still says which zone its dates are in.
        cal.add_component(
            icalendar.Timezone.from_tzid(
                TZID, first_date=date(first.year, 1, 1), last_date=date(last.year + 2, 1, 1)
            )
        )
    return cal.to_ical()


def _vevent(event: Event, *, link: str, names: set[str]) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", event_uid(event))
    item.add("dtstamp", event.updated_at)
    item.add("last-modified", event.updated_at)
    item.add("created", event.created_at)
    item.add("sequence", event.version)
    item.add("summary", _summary(event, names))
    if event.all_day:
        item.add("dtstart", event.start_date)
        item.add("dtend", event.end_date + timedelta(days=1))
        item.add("transp", "TRANSPARENT")
    else:
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("transp", "OPAQUE")
    place = _place(event, names)
    if place:
        item.add("location", place)
    item.add("categories", [Kind(event.kind).label])
    item.add("url", link)
    item.add("description", f"{Kind(event.kind).label}. Details in sendit: {link}")
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("class", "PRIVATE" if event.pupil_id is not None else "PUBLIC")
    return item
