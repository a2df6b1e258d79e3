"""Concerns: staff raise them about pupils they teach; the SENDCo triages them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind
from notifications.services import notification_send, notify_sendcos
from pupils.access import concerns_for, own_groups_for, pupils_for
from pupils.provision_forms import ConcernForm, TriageForm
from schools.models import Role
from schools.roles import SEND_LEADERS, TEACHING_STAFF
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.params import choice_param, id_param, page_of, param_rejected

PER_PAGE = 25


@roles_required(*TEACHING_STAFF)
def concern_create(request: AuthedRequest) -> HttpResponse:
    pupils = pupils_for(request.user).order_by("legal_last_name", "legal_first_name", "pk")
    initial: dict[str, object] = {"noticed_on": timezone.localdate()}
    chosen = id_param(request, "pupil", label="pupil", shown="no pupil chosen")
    if chosen is not None:
        # A pupil out of reach is simply not preselected: the form would refuse it anyway.
        initial["pupil"] = pupils.filter(pk=chosen).first()
        if initial["pupil"] is None:
            param_rejected(request, label="pupil", shown="no pupil chosen")
    form = ConcernForm(request.POST or None, pupils=pupils, initial=initial)
    if request.method == "POST" and form.is_valid():
        concern = form.save(commit=False)
        concern.school_id = request.user.school_id
        concern.raised_by = request.user
        # The class it was noticed in, when the raiser teaches or supports one the pupil is in.
        concern.group = (
            own_groups_for(request.user).filter(pupils=concern.pupil).order_by("code").first()
        )
        concern.save()
        # No pupil's name: the title goes out by email.
        notify_sendcos(
            school=concern.school_id,
            kind=Kind.CONCERN_RAISED,
            title="A member of staff raised a concern about a pupil",
            url=reverse("pupils:concern_triage", kwargs={"pk": concern.pk}),
            event_key=f"concern:{concern.pk}:raised",
            besides=request.user,
        )
        messages.success(
            request,
            f"Thank you. Your concern about {concern.pupil.full_name} has been sent to the "
            "SENDCo; you will see the decision on this page.",
        )
        return redirect("pupils:my_concerns")
    return render(request, "pupils/concern_form.html", {"form": form})


@roles_required(*TEACHING_STAFF)
def my_concerns(request: AuthedRequest) -> HttpResponse:
    concerns = (
        concerns_for(request.user)
        .filter(raised_by=request.user)
        .select_related("pupil", "group")
        .order_by("-created_at", "-pk")
    )
    page = page_of(request, concerns, PER_PAGE)
    return render(request, "pupils/concern_mine.html", {"page": page})


@roles_required(*SEND_LEADERS)
def concerns(request: AuthedRequest) -> HttpResponse:
    """Open concerns, oldest first, so none waits too long; decided ones on request."""
    show = choice_param(
        request,
        "show",
        ("open", "decided"),
        default="open",
        label="list of concerns",
        shown="the open concerns",
    )
    found = concerns_for(request.user).select_related("pupil", "raised_by", "group", "triaged_by")
    if show == "decided":
        found = found.exclude(outcome="").order_by("-triaged_on", "-pk")
    else:
        found = found.filter(outcome="").order_by("created_at", "pk")
    page = page_of(request, found, PER_PAGE)
    return render(
        request,
        "pupils/concern_list.html",
        {
            "page": page,
            "show": show,
            "query": f"show={show}",
            "can_triage": request.user.has_role(Role.SENDCO),
        },
    )


@roles_required(Role.SENDCO)
def concern_triage(request: AuthedRequest, pk: int) -> HttpResponse:
    concern = get_object_or_404(
        concerns_for(request.user).select_related("pupil", "raised_by", "group"), pk=pk
    )
    initial = {
        "outcome": concern.outcome,
        "triaged_on": concern.triaged_on or timezone.localdate(),
        "note": concern.triage_note,
    }
    form = TriageForm(request.POST or None, concern=concern, initial=initial)
    if request.method == "POST" and form.is_valid():
        concern.triage(
            outcome=form.cleaned_data["outcome"],
            on=form.cleaned_data["triaged_on"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
        raiser = concern.raised_by
        if raiser is not None and raiser.pk != request.user.pk:
            notification_send(
                recipient=raiser,
                kind=Kind.CONCERN_DECIDED,
                title="A concern you raised has been decided",
                url=reverse("pupils:my_concerns"),
                event_key=f"concern:{concern.pk}:decided:{concern.outcome}",
                school=concern.school_id,
            )
        messages.success(
            request,
            f"Decision recorded for {concern.pupil.full_name}: {concern.get_outcome_display()}.",
        )
        return redirect("pupils:concerns")
    earlier = (
        concerns_for(request.user)
        .filter(pupil=concern.pupil)
        .exclude(pk=concern.pk)
        .select_related("raised_by")
        .order_by("-noticed_on")[:10]
    )
    return render(
        request,
        "pupils/concern_triage.html",
        {"concern": concern, "form": form, "earlier": earlier},
    )
