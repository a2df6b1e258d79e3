"""A walk: its page with the day timeline, planning it, and moving it through its states."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from schools.access import school_for
from schools.models import User
from schools.roles import SEND_LEADERS
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.versions import VersionConflict, conflict_rows, rebased
from walks.access import (
    is_planner,
    planned_walks_for,
    sees_external_observers,
    walk_observers_for,
    walk_visits_for,
    walks_for,
)
from walks.announcements import announcement_recipients
from walks.forms import WalkForm
from walks.models import LearningWalk, Visit, WalkStateError
from walks.services import (
    external_observer_names,
    focus_library_ensure_defaults,
    walk_announce,
    walk_edit_save,
)


@dataclass
class TimelineDay:
    day: date
    visits: list[Visit] = field(default_factory=list)
    by_observer: list[tuple[User, list[Visit]]] = field(default_factory=list)


def timeline(walk: LearningWalk, visits: list[Visit], observers: list[User]) -> list[TimelineDay]:
    """The walk day by day: visits in time order, and each observer's round."""
    days = {day: TimelineDay(day) for day in walk.days}
    for visit in visits:
        day = timezone.localtime(visit.starts_at).date()
        days.setdefault(day, TimelineDay(day)).visits.append(visit)
    result = [days[day] for day in sorted(days)]
    for entry in result:
        entry.visits.sort(key=lambda v: (v.starts_at, v.pk))
        for observer in observers:
            rounds = [v for v in entry.visits if observer in v.observers.all()]
            if rounds:
                entry.by_observer.append((observer, rounds))
    return result


def walk_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    walk = get_object_or_404(walks_for(user).select_related("school"), pk=pk)
    planner = is_planner(user)
    visits = list(
        walk_visits_for(user, walk)
        .select_related("group", "teacher")
        .prefetch_related("observers")
        .order_by("starts_at", "pk")
    )
    observers = list(walk_observers_for(user, walk))
    external = external_observer_names(walk.external_observers)
    return render(
        request,
        "walks/walk_detail.html",
        {
            "walk": walk,
            "planner": planner,
            "focus_areas": list(walk.focus_areas.all()),
            "observers": observers,
            "external": external if sees_external_observers(user) else [],
            "visits": visits,
            "timeline": timeline(walk, visits, observers),
            "can_announce": planner and walk.can_move_to(LearningWalk.State.ANNOUNCED),
            "can_start": planner and walk.can_move_to(LearningWalk.State.IN_PROGRESS),
            "can_complete": planner and walk.can_move_to(LearningWalk.State.COMPLETED),
        },
    )


@roles_required(*SEND_LEADERS)
def walk_add(request: AuthedRequest) -> HttpResponse:
    school = school_for(request.user)
    focus_library_ensure_defaults(school=school)
    form = WalkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        walk = form.save(commit=False)
        walk.created_by = request.user
        walk.save()
        form.save_m2m()
        messages.success(request, f"“{walk.title}” was planned. Now add the classes to visit.")
        return redirect("walks:walk", pk=walk.pk)
    return render(request, "walks/walk_form.html", {"form": form, "walk": None})


def _walk_values(walk: LearningWalk) -> dict[str, object]:
    """What the walk form edits, as saved, for the conflict table."""
    return {
        "title": walk.title,
        "purpose": walk.purpose,
        "starts_on": walk.starts_on,
        "ends_on": walk.ends_on,
        "year_groups": walk.year_groups,
        "focus_areas": list(walk.focus_areas.all()),
        "observers": list(walk.observers.all()),
        "external_observers": walk.external_observers,
    }


def _shown(name: str, value: object) -> object:
    """A form or saved value as the conflict table shows it."""
    if name == "purpose":
        return LearningWalk.Purpose(str(value)).label if value else ""
    if name == "year_groups" and isinstance(value, list):
        return LearningWalk(year_groups=value).year_groups_label
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, list | QuerySet):
        return ", ".join(sorted(getattr(item, "display_name", None) or str(item) for item in value))
    return value


@roles_required(*SEND_LEADERS)
def walk_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    walk = get_object_or_404(planned_walks_for(request.user), pk=pk)
    form = WalkForm(request.POST or None, instance=walk, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            walk = walk_edit_save(form=form, base_version=form.cleaned_data["version"])
        except VersionConflict as conflict:
            saved = conflict.current
            rows = conflict_rows(
                (
                    form.fields[name].label,
                    _shown(name, form.cleaned_data[name]),
                    _shown(name, value),
                )
                for name, value in _walk_values(saved).items()
            )
            form = WalkForm(rebased(request.POST, conflict), instance=saved, user=request.user)
            form.is_valid()
            return render(
                request,
                "walks/walk_form.html",
                {"form": form, "walk": saved, "conflict_rows": rows},
                status=409,
            )
        messages.success(request, f"“{walk.title}” was saved.")
        if walk.state == LearningWalk.State.ANNOUNCED and form.has_changed():
            messages.info(
                request,
                "Staff were told about this walk before this change; the Upcoming walks page "
                "shows the new details.",
            )
        return redirect("walks:walk", pk=walk.pk)
    return render(request, "walks/walk_form.html", {"form": form, "walk": walk})


@require_POST
@roles_required(*SEND_LEADERS)
def walk_announce_view(request: AuthedRequest, pk: int) -> HttpResponse:
    walk = get_object_or_404(planned_walks_for(request.user), pk=pk)
    try:
        walk_announce(walk=walk, upcoming_url=request.build_absolute_uri(reverse("walks:upcoming")))
    except WalkStateError as error:
        messages.error(request, str(error))
    else:
        people = announcement_recipients(walk=walk).count()
        messages.success(
            request,
            f"“{walk.title}” was announced: an email with the dates, purpose and focus goes to "
            f"{people} members of staff, and the walk is on the Upcoming walks page.",
        )
    return redirect("walks:walk", pk=walk.pk)


@require_POST
@roles_required(*SEND_LEADERS)
def walk_state(request: AuthedRequest, pk: int) -> HttpResponse:
    """Start or complete a walk (announcing has its own view: it emails the staff)."""
    walk = get_object_or_404(planned_walks_for(request.user), pk=pk)
    moves = {"in_progress": walk.start, "completed": walk.complete}
    move = moves.get(request.POST.get("to", ""))
    if move is None:
        messages.error(request, "Choose whether to start or complete the walk.")
        return redirect("walks:walk", pk=walk.pk)
    try:
        move()
    except WalkStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{walk.title}” is now {walk.get_state_display().lower()}.")
    return redirect("walks:walk", pk=walk.pk)
