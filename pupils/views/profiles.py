"""One-page profiles: editing (safe against two editors at once), printing, reviews."""

from __future__ import annotations

from django.contrib import messages
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from pupils.access import CLASSROOM_ROLES, WHOLE_SCHOOL_ROLES, pupils_for, sees_full_record
from pupils.forms import ProfileForm, ReviewForm, StrategyFormSet, TargetFormSet
from pupils.models import Pupil, PupilProfile
from pupils.services import (
    ProfileConflict,
    ProfileLine,
    next_review_default,
    profile_review_record,
    profile_save,
)
from pupils.views.pupil import profile_of
from schools.models import Role
from sendit.lib.access import roles_required


def _line_initial(lines: list) -> list[dict[str, object]]:
    return [
        {"id": line.pk, "text": line.text, "ORDER": position}
        for position, line in enumerate(lines, start=1)
    ]


def _lines(formset: BaseFormSet) -> list[ProfileLine]:
    """The lines kept, in the order asked for; blank or removed lines drop out."""
    return [
        ProfileLine(id=form.cleaned_data.get("id"), text=form.cleaned_data["text"].strip())
        for form in formset.ordered_forms
        if form.cleaned_data.get("text", "").strip()
    ]


def _forms(
    request: HttpRequest, profile: PupilProfile | None, data: object = None
) -> tuple[ProfileForm, BaseFormSet, BaseFormSet]:
    initial = {
        "about_me": profile.about_me if profile else "",
        "strengths": profile.strengths if profile else "",
        "version": profile.version if profile else 0,
    }
    strategies = profile.active_strategies if profile else []
    targets = profile.active_targets if profile else []
    return (
        ProfileForm(data, initial=initial),
        StrategyFormSet(data, initial=_line_initial(strategies), prefix="strategies"),
        TargetFormSet(data, initial=_line_initial(targets), prefix="targets"),
    )


@roles_required(Role.SENDCO)
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = get_object_or_404(pupils_for(request.user), pk=pk)
    profile = profile_of(request.user, pupil)
    form, strategies, targets = _forms(request, profile, request.POST or None)
    conflict: PupilProfile | None = None
    status = 200
    if request.method == "POST" and all(f.is_valid() for f in (form, strategies, targets)):
        try:
            profile_save(
                pupil=pupil,
                user=request.user,
                version=form.cleaned_data["version"],
                about_me=form.cleaned_data["about_me"].strip(),
                strengths=form.cleaned_data["strengths"].strip(),
                strategies=_lines(strategies),
                targets=_lines(targets),
            )
        except ProfileConflict as exc:
            # Keep every word typed, show what was saved meanwhile, and let a
            # second save (now based on the saved version) replace it knowingly.
            conflict = profile_of(request.user, pupil) or exc.saved
            data = request.POST.copy()
            data["version"] = str(conflict.version)
            form, strategies, targets = _forms(request, profile, data)
            status = 409
        else:
            messages.success(request, f"The profile of {pupil.full_name} is saved.")
            return redirect("pupils:pupil", pk=pupil.pk)
    return render(
        request,
        "pupils/profile_edit.html",
        {
            "pupil": pupil,
            "form": form,
            "strategies": strategies,
            "targets": targets,
            "conflict": conflict,
        },
        status=status,
    )


@roles_required(*WHOLE_SCHOOL_ROLES, *CLASSROOM_ROLES)
def profile_print(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = get_object_or_404(pupils_for(request.user), pk=pk)
    return render(
        request,
        "pupils/profile_print.html",
        {
            "pupil": pupil,
            "profile": profile_of(request.user, pupil),
            "full": sees_full_record(request.user),
        },
    )


@roles_required(Role.SENDCO)
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    pupil: Pupil = get_object_or_404(pupils_for(request.user), pk=pk)
    profile = profile_of(request.user, pupil)
    targets = profile.active_targets if profile else []
    today = timezone.localdate()
    form = ReviewForm(
        request.POST or None,
        targets=targets,
        initial={"held_on": today, "next_review_on": next_review_default(today)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        review = profile_review_record(
            pupil=pupil,
            user=request.user,
            held_on=data["held_on"],
            assess=data["assess"].strip(),
            plan=data["plan"].strip(),
            do=data["do"].strip(),
            review=data["review"].strip(),
            next_review_on=data["next_review_on"],
            outcomes=form.outcomes,
        )
        messages.success(
            request,
            f"Review recorded. The next review is due on {review.next_review_on:%d %B %Y}.",
        )
        return redirect("pupils:pupil", pk=pupil.pk)
    return render(request, "pupils/review_form.html", {"pupil": pupil, "form": form})
