"""One-page profiles: editing (safe against two editors at once), printing, reviews."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from pupils.access import pupils_for, sees_full_record
from pupils.forms import ProfileForm, ReviewForm, StrategyFormSet, TargetFormSet
from pupils.models import ProfileTarget, Pupil, PupilProfile, Strategy
from pupils.services import (
    ProfileLine,
    next_review_default,
    profile_review_record,
    profile_save,
)
from pupils.views.pupil import profile_of
from schools.models import Role
from schools.roles import CLASSROOM_STAFF, SEND_LEADERS
from sendit.lib.access import AuthedRequest, roles_required
from sendit.lib.versions import ConflictRow, VersionConflict, conflict_rows, rebased


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


def _text(lines: Iterable[ProfileLine | Strategy | ProfileTarget]) -> str:
    """Strategies or targets one per line, as the conflict table shows them."""
    return "\n".join(line.text for line in lines)


def _forms(
    request: AuthedRequest, profile: PupilProfile | None, data: object = None
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
def profile_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    pupil = get_object_or_404(pupils_for(request.user), pk=pk)
    profile = profile_of(request.user, pupil)
    form, strategies, targets = _forms(request, profile, request.POST or None)
    rows: list[ConflictRow] | None = None  # set when the version check refuses a save
    saved_by = ""
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
        except VersionConflict as conflict:
            # Keep every word typed, show what was saved meanwhile, and let a
            # second save (now based on the saved version) replace it knowingly.
            saved = profile_of(request.user, pupil) or conflict.current  # with its active lines
            rows = conflict_rows(
                [
                    ("About me", form.cleaned_data["about_me"], saved.about_me),
                    ("Strengths", form.cleaned_data["strengths"], saved.strengths),
                    ("What helps me", _text(_lines(strategies)), _text(saved.active_strategies)),
                    ("Targets", _text(_lines(targets)), _text(saved.active_targets)),
                ]
            )
            saved_by = saved.updated_by.display_name if saved.updated_by else ""
            form, strategies, targets = _forms(request, profile, rebased(request.POST, conflict))
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
            "conflict_rows": rows,
            "saved_by": saved_by,
        },
        status=409 if rows is not None else 200,
    )


@roles_required(*SEND_LEADERS, *CLASSROOM_STAFF)
def profile_print(request: AuthedRequest, pk: int) -> HttpResponse:
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
def review_add(request: AuthedRequest, pk: int) -> HttpResponse:
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
