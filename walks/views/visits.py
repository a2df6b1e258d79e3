"""Visits of a walk: add (with planning help), edit, remove."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pupils.access import groups_for
from pupils.models import TeachingGroup
from schools.roles import SEND_LEADERS
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.params import id_param, param_rejected
from walks.access import planned_visits_for, planned_walks_for
from walks.forms import VisitForm
from walks.models import DEFAULT_VISIT_MINUTES, LearningWalk, Visit
from walks.queries import observation_counts
from walks.services import visit_suggestions


def _closed(request: AuthedRequest, walk: LearningWalk) -> HttpResponse | None:
    if walk.is_completed:
        messages.error(request, "This walk is completed; its visits can no longer change.")
        return redirect("walks:walk", pk=walk.pk)
    return None


def _limit_notice(form: VisitForm, group: TeachingGroup | None) -> dict[str, Any] | None:
    """Say before saving when the chosen class's teacher has reached the yearly limit."""
    if group is None:
        return None
    teachers = list(group.teachers.all())
    if not teachers:
        return None
    done = form.counts.get(teachers[0].pk, 0)
    if done < form.limit:
        return None
    return {"teacher": teachers[0], "count": done, "limit": form.limit}


@roles_required(*SEND_LEADERS)
def visit_add(request: AuthedRequest, pk: int) -> HttpResponse:
    walk = get_object_or_404(planned_walks_for(request.user).select_related("school"), pk=pk)
    if closed := _closed(request, walk):
        return closed
    counts = observation_counts(school=walk.school, day=walk.starts_on)
    initial: dict[str, Any] = {
        "day": walk.days[0].isoformat(),
        "minutes": DEFAULT_VISIT_MINUTES,
        "observers": list(walk.observers.all()),
    }
    chosen = None
    group_pk = None
    if request.method == "GET":
        group_pk = id_param(request, "group", label="class", shown="no class chosen")
    if group_pk is not None:
        chosen = groups_for(request.user).filter(pk=group_pk).prefetch_related("teachers").first()
        if chosen is None:
            param_rejected(request, label="class", shown="no class chosen")
        else:
            initial["group"] = chosen.pk
            teachers = list(chosen.teachers.all())
            if teachers:
                initial["teacher"] = teachers[0].pk
    planning = visit_suggestions(walk=walk, today=timezone.localdate(), counts=counts)
    form = VisitForm(
        request.POST or None,
        user=request.user,
        walk=walk,
        counts=counts,
        suggested=planning.suggested_groups(),
        initial=initial,
    )
    if request.method == "POST":
        if form.is_valid():
            visit = form.save()
            messages.success(
                request,
                f"Visit to {visit.group.code} at {timezone.localtime(visit.starts_at):%H:%M} "
                f"on {timezone.localtime(visit.starts_at):%A} was added.",
            )
            return redirect("walks:walk", pk=walk.pk)
        chosen = form.cleaned_data.get("group")
    return render(
        request,
        "walks/visit_form.html",
        {
            "walk": walk,
            "form": form,
            "visit": None,
            "planning": planning,
            "limit_notice": _limit_notice(form, chosen),
        },
    )


@roles_required(*SEND_LEADERS)
def visit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(
        planned_visits_for(request.user).select_related("walk__school", "group"), pk=pk
    )
    walk = visit.walk
    if closed := _closed(request, walk):
        return closed
    counts = observation_counts(school=walk.school, day=walk.starts_on, exclude_visit=visit)
    form = VisitForm(
        request.POST or None, instance=visit, user=request.user, walk=walk, counts=counts
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"The visit to {visit.group.code} was saved.")
        return redirect("walks:walk", pk=walk.pk)
    return render(
        request,
        "walks/visit_form.html",
        {"walk": walk, "form": form, "visit": visit, "planning": None, "limit_notice": None},
    )


@require_POST
@roles_required(*SEND_LEADERS)
def visit_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    visit: Visit = get_object_or_404(
        planned_visits_for(request.user).select_related("walk", "group"), pk=pk
    )
    walk = visit.walk
    if closed := _closed(request, walk):
        return closed
    # Observers' records hang on the visit: removing it would lose them.
    if visit.observations.exists():
        messages.error(request, f"The visit to {visit.group.code} already has observation records.")
        return redirect("walks:walk", pk=walk.pk)
    code = visit.group.code
    visit.delete()
    messages.success(request, f"The visit to {code} was removed.")
    return redirect("walks:walk", pk=walk.pk)
