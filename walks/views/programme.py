"""The year's programme of walks, and the upcoming walks every member of staff sees."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from schools.access import school_for
from schools.models import Role
from schools.roles import LEADERS_AND_GOVERNORS, RECORD_KEEPERS
from schools.terms import year_of
from sendit.lib.access import AuthedRequest, roles_required
from sendit.lib.dates import school_year_dates, school_year_label, school_year_start
from sendit.lib.params import int_param
from walks.access import (
    is_planner,
    own_visits_for,
    programme_walks_for,
    upcoming_walks_for,
    walks_for,
)
from walks.models import LearningWalk
from walks.queries import Coverage, programme_coverage


def _year_from(request: AuthedRequest, today: date) -> int:
    current = school_year_start(today)
    return int_param(
        request,
        "year",
        default=current,
        low=current - 10,
        high=current + 10,
        label="school year",
        shown="this school year",
    )


def _teacher_counts(coverage: Coverage) -> dict[str, object]:
    """Governors read the counts of teachers through the privacy rule."""
    shown = coverage.teacher_figures().suppress()
    return {
        "visited": shown["visited"],
        "teachers": shown["teachers"],
        "share_visited": shown.share("visited", "teachers"),
    }


@roles_required(*LEADERS_AND_GOVERNORS)
def programme(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    year = _year_from(request, today)
    school = school_for(user)
    planner = is_planner(user)
    first, last = school_year_dates(year)
    chosen = (
        programme_walks_for(user)
        .filter(starts_on__gte=first, starts_on__lte=last)
        .annotate(visit_count=Count("visits"))
        .prefetch_related("focus_areas")
    )
    if planner:
        chosen = chosen.prefetch_related("observers")
    walks = list(chosen)
    # Governors open only the walks they observe; planners open all.
    openable = set(walks_for(user).values_list("pk", flat=True)) if not planner else None
    dates = year_of(school, year)
    # A walk in a holiday is listed under the term before it.
    terms = [
        (term, [w for w in walks if dates.filed_under(w.starts_on) == term]) for term in dates.terms
    ]
    coverage = programme_coverage(school=school, year_start=year, now=timezone.now())
    return render(
        request,
        "walks/programme.html",
        {
            "school": school,
            "year": year,
            "year_label": school_year_label(year),
            "term_year": dates,
            "terms": terms,
            "walk_count": len(walks),
            "planner": planner,
            "openable": openable,
            "can_edit_settings": user.has_role(*RECORD_KEEPERS),
            "coverage": coverage,
            "teacher_counts": None if planner else _teacher_counts(coverage),
            "today": today,
        },
    )


@roles_required(*[role.value for role in Role])
def upcoming(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    walks = upcoming_walks_for(user, today).prefetch_related("focus_areas")
    first, last = school_year_dates(school_year_start(today))
    my_visits = (
        own_visits_for(user)
        .filter(walk__starts_on__gte=first, walk__starts_on__lte=last)
        .select_related("walk", "group")
    )
    not_announced = 0
    if is_planner(user):
        not_announced = (
            walks_for(user).filter(state=LearningWalk.State.PLANNED, ends_on__gte=today).count()
        )
    return render(
        request,
        "walks/upcoming.html",
        {
            "walks": walks,
            "my_visits": my_visits,
            "not_announced": not_announced,
            "now": timezone.now(),
        },
    )
