"""A pupil's page, the SENDCo's status and needs form, and the audit of reading."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from pupils.access import (
    arrangements_for,
    assessments_for,
    concerns_for,
    ehc_plans_for,
    interventions_for,
    profiles_for,
    pupils_for,
    record_reads_for,
    reviews_for,
    sees_full_record,
)
from pupils.forms import SenStatusForm
from pupils.models import ProfileTarget, Pupil, PupilProfile, Strategy, TargetOutcome
from pupils.record_sections import record_sections
from pupils.services import pupil_sen_update
from schools.models import Role, User, memberships_here
from schools.roles import CLASSROOM_STAFF, SEND_LEADERS
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.params import page_of

AUDIT_PAGE_SIZE = 50


def profile_of(user: User, pupil: Pupil) -> PupilProfile | None:
    """The profile with its active strategies and targets, in order (None if not written)."""
    return (
        profiles_for(user)
        .filter(pupil=pupil)
        .select_related("updated_by")
        .prefetch_related(
            Prefetch(
                "strategies",
                queryset=Strategy.objects.filter(is_active=True),
                to_attr="active_strategies",
            ),
            Prefetch(
                "targets",
                queryset=ProfileTarget.objects.filter(is_active=True),
                to_attr="active_targets",
            ),
        )
        .first()
    )


def provision_of(user: User, pupil: Pupil) -> dict[str, object]:
    """A pupil's assessments, access arrangements, EHC plan, interventions and
    concerns, each looked up through pupils.access (empty for anyone else than
    the SENDCo and SLT) and fetched once."""
    today = timezone.localdate()
    arrangements = list(arrangements_for(user).filter(pupil=pupil))
    return {
        "today": today,
        "assessments": list(assessments_for(user).filter(pupil=pupil).select_related("pupil")),
        "arrangements": [(a, a.evidence_problems(today)) for a in arrangements],
        "ehc_plan": ehc_plans_for(user).filter(pupil=pupil).first(),
        "places": list(
            pupil.intervention_places.filter(intervention__in=interventions_for(user))
            .select_related("intervention", "intervention__lead")
            .order_by("-intervention__starts_on")
        ),
        "concerns": list(
            concerns_for(user)
            .filter(pupil=pupil)
            .select_related("raised_by")
            .order_by("-noticed_on", "-pk")
        ),
    }


@roles_required(*SEND_LEADERS, *CLASSROOM_STAFF)
def pupil_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    pupil = get_object_or_404(pupils_for(request.user), pk=pk)
    full = sees_full_record(request.user)
    context: dict[str, object] = {
        "pupil": pupil,
        "profile": profile_of(request.user, pupil),
        "full": full,
    }
    if full:
        context |= {
            "needs": list(pupil.needs.order_by("rank")),
            "status_changes": pupil.status_changes.select_related("recorded_by"),
            "reviews": reviews_for(request.user)
            .filter(pupil=pupil)
            .select_related("recorded_by")
            .prefetch_related(
                Prefetch(
                    "outcomes",
                    queryset=TargetOutcome.objects.select_related("target").order_by(
                        "target__position"
                    ),
                )
            ),
            "can_edit": request.user.has_role(Role.SENDCO),
            "provision": provision_of(request.user, pupil),
            "record_sections": record_sections(request.user, pupil),
        }
    return render(request, "pupils/pupil_detail.html", context)


@roles_required(Role.SENDCO)
def pupil_status(request: AuthedRequest, pk: int) -> HttpResponse:
    pupil = get_object_or_404(pupils_for(request.user), pk=pk)
    needs = list(pupil.needs.order_by("rank").values_list("need", flat=True)) + ["", "", ""]
    initial = {
        "sen_status": pupil.sen_status,
        "primary_need": needs[0],
        "second_need": needs[1],
        "third_need": needs[2],
        "changed_on": timezone.localdate(),
    }
    form = SenStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        change = pupil_sen_update(
            pupil=pupil,
            user=request.user,
            sen_status=form.cleaned_data["sen_status"],
            needs=form.needs,
            changed_on=form.cleaned_data["changed_on"],
            note=form.cleaned_data["note"],
        )
        if change:
            messages.success(
                request, f"{change.description} on {date_format(change.changed_on, 'j F Y')}."
            )
        else:
            messages.success(request, "Needs saved.")
        return redirect("pupils:pupil", pk=pupil.pk)
    return render(request, "pupils/pupil_status.html", {"pupil": pupil, "form": form})


@roles_required(Role.SENDCO)
def pupil_audit(request: AuthedRequest, pk: int) -> HttpResponse:
    pupil = get_object_or_404(pupils_for(request.user), pk=pk)
    reads = (
        record_reads_for(request.user)
        .filter(record_id=pupil.pk)
        .select_related("actor")
        .prefetch_related(memberships_here("actor", pupil.school_id))
    )
    page = page_of(request, reads.order_by("-read_at", "-pk"), AUDIT_PAGE_SIZE)
    return render(request, "pupils/pupil_audit.html", {"pupil": pupil, "page": page})
