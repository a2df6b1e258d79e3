"""EHC needs assessments and meetings with parents: the SENDCo records them,
SLT reads them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from outcomes.access import (
    EDITORS,
    READERS,
    assessable_pupils_for,
    edits_outcomes,
    needs_assessments_for,
    parent_meetings_for,
    profile_reviews_for,
    register_pupils_for,
)
from outcomes.forms import NeedsAssessmentForm, ParentMeetingForm
from outcomes.models import NeedsAssessment, ParentMeeting
from outcomes.queries import (
    expected_meetings,
    needs_assessment_counts,
    parent_meetings_summary,
    pupils_behind,
    school_year_dates,
)
from outcomes.services import (
    needs_assessment_create,
    needs_assessment_update,
    parent_meeting_create,
    parent_meeting_update,
)
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required, school_id_of
from sendit.lib.params import choice_param, page_of
from sendit.lib.versions import ConflictRow, VersionConflict, rebased

PER_PAGE = 25
SHOW = {"in_progress": "Requests in progress", "all": "Every request this school year"}


# EHC needs assessments ---------------------------------------------------------------------------


@roles_required(*READERS)
def assessments(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    first, last = school_year_dates(today)
    show = choice_param(
        request, "show", SHOW, default="in_progress", label="list", shown="requests in progress"
    )
    found = needs_assessments_for(request.user).select_related("pupil")
    if show == "in_progress":
        found = found.filter(outcome__in=NeedsAssessment.IN_PROGRESS).order_by("requested_on", "pk")
    else:
        found = found.filter(requested_on__range=(first, last)).order_by("-requested_on", "-pk")
    page = page_of(request, found, PER_PAGE)
    return render(
        request,
        "outcomes/assessments.html",
        {
            "counts": needs_assessment_counts(
                school_id_of(request.user), first=first, last=last, today=today
            ),
            "page": page,
            "rows": [(a, a.decision_late(today), a.plan_late(today)) for a in page],
            "show": show,
            "show_choices": list(SHOW.items()),
            "today": today,
            "can_edit": edits_outcomes(request.user),
        },
    )


@roles_required(*EDITORS)
def assessment_create(request: AuthedRequest) -> HttpResponse:
    form = NeedsAssessmentForm(request.POST or None, pupils=assessable_pupils_for(request.user))
    if request.method == "POST" and form.is_valid():
        needs_assessment_create(
            pupil=form.cleaned_data["pupil"], user=request.user, values=form.saved_values()
        )
        messages.success(request, "Needs assessment request saved.")
        return redirect("outcomes:assessments")
    return render(request, "outcomes/assessment_form.html", {"form": form, "assessment": None})


def _edit_form(
    request: AuthedRequest,
    record: NeedsAssessment | ParentMeeting,
    form_class: type[NeedsAssessmentForm] | type[ParentMeetingForm],
    save: Callable[[dict[str, Any], int], object],
) -> tuple[NeedsAssessmentForm | ParentMeetingForm, list[ConflictRow] | None, bool]:
    """The edit form of a versioned record: (form, conflict rows, saved). A save
    based on an old version writes nothing; the form then keeps what was typed,
    based on the saved version, with both versions shown (sendit/lib/versions.py)."""
    form = form_class(request.POST or None, instance=record)
    if request.method != "POST" or not form.is_valid():
        return form, None, False
    base = form.cleaned_data["version"]
    try:
        save(form.saved_values(), record.version if base is None else base)
    except VersionConflict as conflict:
        rows = form.conflict_rows(conflict.current)
        return form_class(rebased(request.POST, conflict), instance=conflict.current), rows, False
    return form, None, True


@roles_required(*EDITORS)
def assessment_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    scoped = needs_assessments_for(request.user)
    assessment = get_object_or_404(scoped.select_related("pupil"), pk=pk)
    form, rows, saved = _edit_form(
        request,
        assessment,
        NeedsAssessmentForm,
        lambda values, version: needs_assessment_update(
            assessments=scoped, assessment=assessment, values=values, version=version
        ),
    )
    if saved:
        messages.success(request, "Needs assessment request saved.")
        return redirect("outcomes:assessments")
    return render(
        request,
        "outcomes/assessment_form.html",
        {"form": form, "assessment": assessment, "conflict_rows": rows},
    )


# Meetings with parents ---------------------------------------------------------------------------


@roles_required(*READERS)
def meetings(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    first, _ = school_year_dates(today)
    school_id = school_id_of(request.user)
    expected = expected_meetings(school_id, today=today)
    behind = pupils_behind(
        register_pupils_for(request.user), first=first, last=today, expected=expected
    )
    return render(
        request,
        "outcomes/meetings.html",
        {
            "summary": parent_meetings_summary(school_id, today=today),
            "page": page_of(request, behind, PER_PAGE),
            "can_edit": edits_outcomes(request.user),
        },
    )


@roles_required(*READERS)
def pupil_meetings(request: AuthedRequest, pupil_pk: int) -> HttpResponse:
    pupil = get_object_or_404(register_pupils_for(request.user), pk=pupil_pk)
    today = timezone.localdate()
    first, _ = school_year_dates(today)
    return render(
        request,
        "outcomes/pupil_meetings.html",
        {
            "pupil": pupil,
            "meetings": parent_meetings_for(request.user).filter(pupil=pupil),
            "reviews": profile_reviews_for(request.user)
            .filter(pupil=pupil)
            .only("pk", "pupil_id", "held_on")
            .order_by("-held_on"),
            "first": first,
            "expected": expected_meetings(school_id_of(request.user), today=today),
            "can_edit": edits_outcomes(request.user),
        },
    )


@roles_required(*EDITORS)
def meeting_add(request: AuthedRequest, pupil_pk: int) -> HttpResponse:
    pupil = get_object_or_404(register_pupils_for(request.user), pk=pupil_pk)
    form = ParentMeetingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        parent_meeting_create(pupil=pupil, user=request.user, values=form.saved_values())
        messages.success(request, f"Meeting with the parents of {pupil.full_name} saved.")
        return redirect("outcomes:pupil_meetings", pupil_pk=pupil.pk)
    return render(
        request, "outcomes/meeting_form.html", {"form": form, "pupil": pupil, "meeting": None}
    )


@roles_required(*EDITORS)
def meeting_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    scoped = parent_meetings_for(request.user)
    meeting = get_object_or_404(scoped.select_related("pupil"), pk=pk)
    form, rows, saved = _edit_form(
        request,
        meeting,
        ParentMeetingForm,
        lambda values, version: parent_meeting_update(
            meetings=scoped, meeting=meeting, values=values, version=version
        ),
    )
    if saved:
        messages.success(request, "Meeting saved.")
        return redirect("outcomes:pupil_meetings", pupil_pk=meeting.pupil_id)
    return render(
        request,
        "outcomes/meeting_form.html",
        {"form": form, "pupil": meeting.pupil, "meeting": meeting, "conflict_rows": rows},
    )
