"""One-page profiles: editing (safe against two editors at once), printing, reviews."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib import messages
from django.forms import BaseForm, BaseFormSet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
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
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
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


NOUNS = {"strategies": "strategy", "targets": "target"}


def _position(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _in_order(formset: BaseFormSet) -> list[BaseForm]:
    """The lines as they are shown: by position, lines without one last."""
    forms = list(formset)
    return sorted(
        forms,
        key=lambda form: (
            _position(form["ORDER"].value()) is None,
            _position(form["ORDER"].value()) or 0,
            forms.index(form),
        ),
    )


def _rearranged(data: QueryDict) -> tuple[QueryDict, dict[str, str]]:
    """Without JavaScript, "Move up/down" and "Add another" submit the form:
    the same form comes back with the lines moved or one more blank line,
    nothing typed lost. Returns the changed data and what was done, by list."""
    data = data.copy()
    add = data.get("add", "")
    if add in NOUNS:
        total = _position(data.get(f"{add}-TOTAL_FORMS")) or 0
        most = StrategyFormSet.max_num if add == "strategies" else TargetFormSet.max_num
        if total >= most:
            return data, {add: f"A profile holds at most {most} {add}."}
        data[f"{add}-TOTAL_FORMS"] = str(total + 1)
        return data, {add: f"{NOUNS[add].capitalize()} {total + 1} added: it is the last line."}
    line, _, direction = data.get("move", "").partition(":")
    prefix, _, index = line.rpartition("-")
    if prefix not in NOUNS or direction not in ("up", "down") or _position(index) is None:
        return data, {}
    total = _position(data.get(f"{prefix}-TOTAL_FORMS")) or 0
    rows = sorted(
        range(total),
        key=lambda i: (
            _position(data.get(f"{prefix}-{i}-ORDER")) is None,
            _position(data.get(f"{prefix}-{i}-ORDER")) or 0,
            i,
        ),
    )
    moved = int(index)
    if moved not in rows:
        return data, {}
    at = rows.index(moved)
    to = at - 1 if direction == "up" else at + 1
    if 0 <= to < len(rows):
        rows[at], rows[to] = rows[to], rows[at]
    else:
        to = at
    for position, i in enumerate(rows, start=1):
        data[f"{prefix}-{i}-ORDER"] = str(position)
    text = data.get(f"{prefix}-{moved}-text", "").strip() or f"{NOUNS[prefix]} {at + 1}"
    return data, {prefix: f"{text} moved {direction} to position {to + 1} of {len(rows)}."}


def _forms(
    request: AuthedRequest, profile: PupilProfile | None, data: Mapping[str, Any] | None = None
) -> tuple[ProfileForm, BaseFormSet, BaseFormSet]:
    initial = {
        "about_me": profile.about_me if profile else "",
        "strengths": profile.strengths if profile else "",
        "version": profile.version if profile else 0,
    }
    strategies = profile.active_strategies if profile else []  # type: ignore[attr-defined]  # Prefetch(to_attr=...) in the lookup
    targets = profile.active_targets if profile else []  # type: ignore[attr-defined]  # Prefetch(to_attr=...) in the lookup
    return (
        ProfileForm(data, initial=initial),
        StrategyFormSet(data, initial=_line_initial(strategies), prefix="strategies"),
        TargetFormSet(data, initial=_line_initial(targets), prefix="targets"),
    )


@roles_required(Role.SENDCO)
def profile_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    pupil = get_object_or_404(pupils_for(request.user), pk=pk)
    profile = profile_of(request.user, pupil)
    rearranging = request.method == "POST" and ("move" in request.POST or "add" in request.POST)
    done: dict[str, str] = {}
    data: QueryDict | None = request.POST or None
    if rearranging:
        data, done = _rearranged(request.POST)
    form, strategies, targets = _forms(request, profile, data)
    rows: list[ConflictRow] | None = None  # set when the version check refuses a save
    saved_by = ""
    if (
        request.method == "POST"
        and not rearranging
        and all(f.is_valid() for f in (form, strategies, targets))
    ):
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
            saved_strategies = saved.active_strategies  # type: ignore[union-attr]  # Prefetch(to_attr=...) in profile_of
            saved_targets = saved.active_targets  # type: ignore[union-attr]  # Prefetch(to_attr=...) in profile_of
            rows = conflict_rows(
                [
                    ("About me", form.cleaned_data["about_me"], saved.about_me),
                    ("Strengths", form.cleaned_data["strengths"], saved.strengths),
                    ("What helps me", _text(_lines(strategies)), _text(saved_strategies)),
                    ("Targets", _text(_lines(targets)), _text(saved_targets)),
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
            "strategy_rows": _in_order(strategies),
            "target_rows": _in_order(targets),
            "strategies_done": done.get("strategies", ""),
            "targets_done": done.get("targets", ""),
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
    targets = profile.active_targets if profile else []  # type: ignore[attr-defined]  # Prefetch(to_attr=...) in profile_of
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
