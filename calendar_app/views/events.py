"""One event: its page, adding it, editing or moving it, cancelling it, marking it done."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from calendar_app.access import (
    CALENDAR_READERS,
    SEND_TEAM,
    editable_events_for,
    events_for,
    keeps_calendar,
)
from calendar_app.forms import CancelForm, EventForm
from calendar_app.links import event_links
from calendar_app.models import Event, Kind
from calendar_app.services import event_cancel, event_create, event_mark_done, event_restore
from calendar_app.services import event_save as event_save_service
from pupils.access import pupils_for
from schools.access import school_for
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.params import date_param
from sendit.lib.versions import VersionConflict, conflict_rows, rebased
from walks.access import planned_walks_for


@roles_required(*CALENDAR_READERS)
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(events_for(request.user).select_related("pupil", "walk"), pk=pk)
    return render(
        request,
        "calendar_app/event_detail.html",
        {
            "event": event,
            "links": event_links(request.user, event),
            "can_edit": keeps_calendar(request.user),
            "cancel_form": CancelForm(initial={"version": event.version}),
        },
    )


def _form(request: AuthedRequest, *, instance: Event | None = None, **kwargs: Any) -> EventForm:
    user = request.user
    return EventForm(
        kwargs.pop("data", request.POST or None),
        instance=instance,
        school=school_for(user),
        pupils=pupils_for(user),
        walks=planned_walks_for(user),
        **kwargs,
    )


@roles_required(*SEND_TEAM)
def event_add(request: AuthedRequest) -> HttpResponse:
    day = date_param(request, "day", default=None, shown="no day chosen")
    initial = {"start_date": day, "end_date": day} if day else {}
    form = _form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        event = event_create(form=form, by=request.user)
        messages.success(request, f"“{event.title}” is in the calendar.")
        return redirect("calendar:event", pk=event.pk)
    return render(request, "calendar_app/event_form.html", {"form": form, "event": None})


def _shown(name: str, value: object) -> object:
    if name == "kind" and value:
        return Kind(str(value)).label
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value


EDITED = [
    "title",
    "kind",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "place",
    "for_staff",
    "for_governors",
    "for_parents",
    "pupil",
    "walk",
    "notes",
]


@roles_required(*SEND_TEAM)
def event_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(editable_events_for(request.user), pk=pk)
    form = _form(request, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_save_service(form=form, base_version=form.cleaned_data["version"] or 0)
        except VersionConflict as conflict:
            saved: Event = conflict.current
            rows = conflict_rows(
                (
                    form.fields[name].label,
                    _shown(name, form.cleaned_data[name]),
                    _shown(name, getattr(saved, name)),
                )
                for name in EDITED
            )
            form = _form(request, instance=saved, data=rebased(request.POST, conflict))
            form.is_valid()
            return render(
                request,
                "calendar_app/event_form.html",
                {"form": form, "event": saved, "conflict_rows": rows},
                status=409,
            )
        messages.success(request, f"“{event.title}” was saved.")
        return redirect("calendar:event", pk=event.pk)
    return render(request, "calendar_app/event_form.html", {"form": form, "event": event})


@require_POST
@roles_required(*SEND_TEAM)
def event_cancel_view(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(editable_events_for(request.user), pk=pk)
    form = CancelForm(request.POST)
    base = form.cleaned_data["version"] if form.is_valid() else event.version
    try:
        event = event_cancel(event=event, base_version=base)
    except VersionConflict:
        messages.error(
            request,
            "This event was changed since you opened it, so it was not cancelled. "
            "Check it below and cancel it again if you still mean to.",
        )
    else:
        messages.success(
            request, f"“{event.title}” is cancelled: calendars that subscribe show it cancelled."
        )
    return redirect("calendar:event", pk=event.pk)


@require_POST
@roles_required(*SEND_TEAM)
def event_restore_view(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(editable_events_for(request.user), pk=pk)
    form = CancelForm(request.POST)
    base = form.cleaned_data["version"] if form.is_valid() else event.version
    try:
        event = event_restore(event=event, base_version=base)
    except VersionConflict:
        messages.error(request, "This event was changed since you opened it; nothing was changed.")
    else:
        messages.success(request, f"“{event.title}” is back in the calendar.")
    return redirect("calendar:event", pk=event.pk)


@require_POST
@roles_required(*SEND_TEAM)
def event_done(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(editable_events_for(request.user), pk=pk)
    done = request.POST.get("done") != "no"
    event = event_mark_done(event=event, done=done, today=timezone.localdate())
    messages.success(
        request, f"“{event.title}” is marked done." if done else f"“{event.title}” is open again."
    )
    back = request.POST.get("next", "")
    if back == "overdue":
        return redirect("calendar:overdue")
    return redirect(reverse("calendar:event", kwargs={"pk": event.pk}))
