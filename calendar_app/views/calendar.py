"""Month, week and agenda views of the calendar, and the overdue list."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from calendar_app.access import (
    CALENDAR_READERS,
    OVERDUE_READERS,
    events_for,
    keeps_calendar,
)
from calendar_app.grid import days_of, monday_of, month_span, next_month, previous_month
from calendar_app.models import Audience, Kind
from calendar_app.queries import events_between, overdue_for
from sendit.lib.access import AuthedRequest, roles_required
from sendit.lib.params import choice_param, day_param, month_param, page_of

AGENDA_PAGE = 30
OVERDUE_PAGE = 25


def _filters(request: AuthedRequest) -> dict[str, str]:
    kind = choice_param(
        request, "kind", Kind.values, default="", label="kind of date", shown="every kind"
    )
    audience = choice_param(
        request, "audience", Audience.values, default="", label="audience", shown="everyone"
    )
    return {"kind": kind, "audience": audience}


def _query(filters: dict[str, str], **more: str) -> str:
    return urlencode({k: v for k, v in {**filters, **more}.items() if v})


def _context(request: AuthedRequest, filters: dict[str, str], **more: Any) -> dict[str, Any]:
    return {
        "filters": filters,
        "kinds": Kind.choices,
        "audiences": Audience.choices,
        "can_edit": keeps_calendar(request.user),
        "today": timezone.localdate(),
        **more,
    }


@roles_required(*CALENDAR_READERS)
def month(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    first = month_param(request, "month", default=today.replace(day=1), shown="this month")
    filters = _filters(request)
    _, last = month_span(first)
    events = events_between(events_for(request.user), first, last, **filters)
    days = days_of(first, last, events, today=today)
    prev_first, next_first = previous_month(first), next_month(first)
    return render(
        request,
        "calendar_app/month.html",
        _context(
            request,
            filters,
            view="month",
            first=first,
            days=days,
            leading=first.weekday(),
            count=len({e.pk for d in days for e in d.events}),
            prev_url="?" + _query(filters, month=f"{prev_first:%Y-%m}"),
            next_url="?" + _query(filters, month=f"{next_first:%Y-%m}"),
            this_url="?" + _query(filters),
            hidden={"month": f"{first:%Y-%m}"},
        ),
    )


@roles_required(*CALENDAR_READERS)
def week(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    monday = monday_of(day_param(request, "week", default=today, label="week", shown="this week"))
    filters = _filters(request)
    sunday = monday + timedelta(days=6)
    events = events_between(events_for(request.user), monday, sunday, **filters)
    days = days_of(monday, sunday, events, today=today)
    return render(
        request,
        "calendar_app/week.html",
        _context(
            request,
            filters,
            view="week",
            monday=monday,
            sunday=sunday,
            days=days,
            count=len({e.pk for d in days for e in d.events}),
            prev_url="?" + _query(filters, week=(monday - timedelta(days=7)).isoformat()),
            next_url="?" + _query(filters, week=(monday + timedelta(days=7)).isoformat()),
            this_url="?" + _query(filters),
            hidden={"week": monday.isoformat()},
        ),
    )


@roles_required(*CALENDAR_READERS)
def agenda(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    start = day_param(request, "from", default=today, label="first day", shown="today")
    filters = _filters(request)
    # Two years on at most: beyond, nothing is planned yet.
    events = events_between(
        events_for(request.user), start, date(start.year + 2, 12, 31), **filters
    )
    page = page_of(request, events, AGENDA_PAGE)
    return render(
        request,
        "calendar_app/agenda.html",
        _context(
            request,
            filters,
            view="agenda",
            start=start,
            page=page,
            page_query=_query(filters, **({"from": start.isoformat()} if start != today else {})),
            hidden={"from": start.isoformat()} if start != today else {},
        ),
    )


@roles_required(*OVERDUE_READERS)
def overdue(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    overdue = overdue_for(request.user, today=today)
    steps = [
        ("Annual review invitations not sent", list(overdue.invitations_not_sent)),
        ("Annual review papers not sent", list(overdue.papers_not_sent)),
    ]
    return render(
        request,
        "calendar_app/overdue.html",
        {
            "overdue": overdue,
            "steps": steps,
            "missed": page_of(request, overdue.profile_reviews_missed, OVERDUE_PAGE),
            "today": today,
            "can_edit": keeps_calendar(request.user),
        },
    )
