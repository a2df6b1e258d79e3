"""Capturing a visit on a tablet, and the lists of observations."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.db.models import Case, F, Prefetch, When
from django.forms import Field
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format

from feedback.access import (
    may_draft_feedback,
    observations_for_leaders,
    own_observation_of,
    visits_to_observe,
)
from feedback.coach import RECORD_REMINDER, WORDING_NEEDS_REASON, flagged_words
from feedback.forms import CaptureForm
from feedback.models import BeforeVisitDay, Feedback, Observation
from feedback.services import (
    WordingNeedsReason,
    capture_layout,
    observation_complete,
    observation_enter_room,
    observation_flags,
    observation_save,
    observation_values,
    school_words,
)
from schools.roles import OBSERVERS, SEND_LEADERS
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.params import page_of
from sendit.lib.versions import ConflictRow, VersionConflict, conflict_rows


def _wants_json(request: AuthedRequest) -> bool:
    # capture.js marks its saves so that they get JSON rather than a page.
    return request.headers.get("X-Autosave") == "1"


def _saved_at(observation: Observation) -> str:
    return time_format(timezone.localtime(observation.updated_at), "H:i")


def _conflict_rows(form: CaptureForm, typed: QueryDict, saved: dict[str, str]) -> list[ConflictRow]:
    """Each field where the typed text differs from the saved record, with both versions."""

    def shown(field: Field, value: str) -> str:
        choices = dict(getattr(field, "choices", []))
        return choices.get(value, value) if choices else value

    return conflict_rows(
        (
            field.label or name.replace("_", " ").capitalize(),
            shown(field, typed.get(name, "")),
            shown(field, saved.get(name, "") or ""),
        )
        for name, field in form.fields.items()
        if name != "version"
    )


def _rebound(request: AuthedRequest, observation: Observation, **form_kwargs) -> CaptureForm:
    """The typed form again, based on the record as it is now (so nothing typed is lost)."""
    data = request.POST.copy()
    data["version"] = str(observation.version)
    form = CaptureForm(data, **form_kwargs)
    form.is_valid()
    return form


@roles_required(*OBSERVERS)
def capture(request: AuthedRequest, visit_pk: int) -> HttpResponse:
    visit = get_object_or_404(
        visits_to_observe(request.user).select_related("walk__school", "group", "teacher"),
        pk=visit_pk,
    )
    # The record is made by the first save (or "Enter the room"), never by
    # opening the page: an observer who only looks leaves nothing behind.
    observation = own_observation_of(request.user, visit)
    layout = capture_layout(visit=visit, observer=request.user)
    words = school_words(school=visit.walk.school)
    form_kwargs: dict[str, Any] = {"layout": layout, "words": words}
    not_yet = None if visit.day_has_come() else str(BeforeVisitDay(visit))
    # Once the teacher has the note, the record they read must not change under them.
    locked = (
        observation is not None
        and Feedback.objects.filter(
            observation=observation, status=Feedback.Status.RELEASED
        ).exists()
    )
    rows: list[ConflictRow] | None = None  # set when the version check refuses a save
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if locked:
            if _wants_json(request):
                return JsonResponse({"locked": True}, status=409)
            messages.error(request, "This record was released to the teacher and is now locked.")
            return redirect("feedback:capture", visit_pk=visit.pk)
        if not_yet:
            if _wants_json(request):
                return JsonResponse({"not_yet": not_yet}, status=409)
            messages.error(request, not_yet)
            return redirect("feedback:capture", visit_pk=visit.pk)
        if action == "enter":
            observation = observation_enter_room(visit=visit, user=request.user)
            if _wants_json(request):
                entered = observation.entered_room_at
                return JsonResponse({"entered_room_at": entered.isoformat() if entered else None})
            return redirect("feedback:capture", visit_pk=visit.pk)
        form = CaptureForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                observation = observation_save(
                    visit=visit,
                    user=request.user,
                    data=form.to_data(),
                    base_version=form.cleaned_data["version"],
                )
            except VersionConflict as conflict:
                current = conflict.current
                saved = observation_values(current)
                if _wants_json(request):
                    return JsonResponse(
                        {"conflict": True, "version": current.version, "saved": saved},
                        status=409,
                    )
                rows = _conflict_rows(form, request.POST, saved)
                # Keep what was typed; the next Save is based on the record as
                # it is now, so it goes through once the observer has merged.
                observation = current
                form = _rebound(request, observation, **form_kwargs)
            else:
                if action == "complete":
                    try:
                        observation_complete(observation=observation)
                    except WordingNeedsReason as refused:
                        # Saved, not completed: the form keeps every word typed.
                        form = _rebound(request, observation, **form_kwargs)
                        form.add_error(
                            "wording_reason",
                            WORDING_NEEDS_REASON.format(
                                words=", ".join(
                                    f"\u201c{word}\u201d" for word in flagged_words(refused.flags)
                                )
                            ),
                        )
                    else:
                        messages.success(request, "Observation completed and saved.")
                        return redirect("feedback:my_observations")
                elif _wants_json(request):
                    return JsonResponse(
                        {
                            "saved": True,
                            "version": observation.version,
                            "saved_at": _saved_at(observation),
                        }
                    )
                else:
                    messages.success(request, f"Saved {_saved_at(observation)}.")
                    return redirect("feedback:capture", visit_pk=visit.pk)
        elif _wants_json(request):
            return JsonResponse({"errors": form.errors}, status=400)
    else:
        saved = observation_values(observation) if observation else {}
        version = observation.version if observation else 0
        form = CaptureForm(initial={"version": version, **saved}, **form_kwargs)
    if locked or not_yet:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "feedback/capture.html",
        {
            "visit": visit,
            "observation": observation,
            "form": form,
            "locked": locked,
            "not_yet": not_yet,
            "reminder": RECORD_REMINDER,
            "words": [{"word": w, "suggestion": s} for w, s in words],
            "conflict_rows": rows,
            "login_url": f"{reverse('account_login')}?next={request.path}",
        },
        status=409 if rows is not None else 200,
    )


@roles_required(*OBSERVERS)
def my_observations(request: AuthedRequest) -> HttpResponse:
    visits = (
        visits_to_observe(request.user)
        .select_related("walk", "group")
        .prefetch_related(
            Prefetch(
                "observations",
                queryset=Observation.objects.filter(observer=request.user),
                to_attr="mine",
            )
        )
        # On walk day the observer wants today's visits at the top: today's
        # and coming visits in time order, then past ones, newest first.
        .annotate(
            is_past=Case(When(starts_at__lt=start_of_today(), then=1), default=0),
            coming_at=Case(When(starts_at__gte=start_of_today(), then=F("starts_at"))),
        )
        .order_by("is_past", F("coming_at").asc(nulls_last=True), "-starts_at", "pk")
    )
    page = page_of(request, visits, 25)
    return render(
        request,
        "feedback/my_observations.html",
        {"page": page, "can_draft": may_draft_feedback(request.user)},
    )


def start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


@roles_required(*SEND_LEADERS)
def observations(request: AuthedRequest) -> HttpResponse:
    records = (
        observations_for_leaders(request.user)
        .select_related("visit__walk", "visit__group", "visit__teacher", "observer", "feedback")
        .order_by("-visit__starts_at", "pk")
    )
    page = page_of(request, records, 25)
    return render(request, "feedback/observations.html", {"page": page})


@roles_required(*SEND_LEADERS)
def observation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    observation = get_object_or_404(
        observations_for_leaders(request.user).select_related(
            "visit__walk__school", "visit__group", "visit__teacher", "observer"
        ),
        pk=pk,
    )
    return render(
        request,
        "feedback/observation.html",
        {
            "observation": observation,
            "flagged": flagged_words(observation_flags(observation=observation)),
            "can_draft": may_draft_feedback(request.user),
            "evidence": observation.focus_evidence.select_related("focus_area"),
            "checks": observation.strategy_checks.select_related("pupil", "strategy"),
        },
    )
