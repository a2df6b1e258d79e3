"""Subscribing: the private feed per person, the parents' key dates (page and feed).

The feeds answer without signing in (calendar programs cannot sign in): the
secret token in the address is the key. A reset token, an unknown one, or
one of the wrong shape answers 404 at once.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from calendar_app.access import (
    CALENDAR_READERS,
    SEND_TEAM,
    events_for,
    feed_owner,
    keeps_calendar,
    parents_events,
    parents_feeds_for,
    parents_school,
)
from calendar_app.feeds import HISTORY, feed_calendar
from calendar_app.models import Event
from calendar_app.services import (
    feed_token_get,
    feed_token_reset,
    parents_feed_get,
    parents_feed_reset,
)
from feedback.services import school_names
from schools.access import school_for
from sendit.lib.access import AuthedRequest, roles_required


def _ics(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sendit.ics"'
    response["Cache-Control"] = "private, max-age=0, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _webcal(url: str) -> str:
    return "webcal://" + url.split("://", 1)[1]


@roles_required(*CALENDAR_READERS)
def subscribe(request: AuthedRequest) -> HttpResponse:
    user = request.user
    school = school_for(user)
    token = feed_token_get(user=user, school=school)
    feed_url = request.build_absolute_uri(reverse("calendar:feed", args=[token.token]))
    context: dict[str, object] = {
        "feed_url": feed_url,
        "webcal_url": _webcal(feed_url),
        "can_edit": keeps_calendar(user),
        "school": school,
        "view": "subscribe",
    }
    if keeps_calendar(user):
        parents = parents_feeds_for(user).first() or parents_feed_get(school=school)
        page = request.build_absolute_uri(reverse("calendar:parents", args=[parents.token]))
        ics = request.build_absolute_uri(reverse("calendar:parents_feed", args=[parents.token]))
        context |= {"parents_page": page, "parents_webcal": _webcal(ics)}
    return render(request, "calendar_app/subscribe.html", context)


@require_POST
@roles_required(*CALENDAR_READERS)
def feed_reset(request: AuthedRequest) -> HttpResponse:
    feed_token_reset(user=request.user, school=school_for(request.user))
    messages.success(
        request,
        "Your calendar has a new address. The old one has stopped working: subscribe again "
        "with the new one below in every calendar that used it.",
    )
    return redirect("calendar:subscribe")


@require_POST
@roles_required(*SEND_TEAM)
def parents_reset(request: AuthedRequest) -> HttpResponse:
    parents_feed_reset(school=school_for(request.user))
    messages.success(
        request,
        "The parents' key dates have a new address; the old one has stopped working. "
        "Share the new one with parents.",
    )
    return redirect("calendar:subscribe")


@login_not_required
@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    user = feed_owner(token)
    today = timezone.localdate()
    events = (
        events_for(user).filter(end_date__gte=today - HISTORY).select_related("pupil").in_order()
    )
    school = school_for(user)

    def link(event: Event) -> str:
        return request.build_absolute_uri(reverse("calendar:event", args=[event.pk]))

    body = feed_calendar(
        events,
        name=f"sendit: {school.name}",
        link=link,
        names=school_names(school=school),
        today=today,
    )
    return _ics(body)


@login_not_required
@never_cache
def parents(request: HttpRequest, token: str) -> HttpResponse:
    school = parents_school(token)
    today = timezone.localdate()
    events = list(parents_events(school).live().filter(end_date__gte=today).in_order()[:100])
    ics = request.build_absolute_uri(reverse("calendar:parents_feed", args=[token]))
    return render(
        request,
        "calendar_app/parents.html",
        {"school": school, "events": events, "webcal_url": _webcal(ics), "ics_url": ics},
    )


@login_not_required
@never_cache
def parents_feed(request: HttpRequest, token: str) -> HttpResponse:
    school = parents_school(token)
    today = timezone.localdate()
    events = parents_events(school).filter(end_date__gte=today - HISTORY).in_order()
    page = request.build_absolute_uri(reverse("calendar:parents", args=[token]))
    body = feed_calendar(
        events,
        name=f"{school.name}: key dates for parents",
        link=lambda event: page,
        names=school_names(school=school),
        today=today,
    )
    return _ics(body)
