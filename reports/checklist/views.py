"""The checklist of a half-term: questions, evidence, answers and actions.

Each answer and each action is its own small form. static/js/autosave.js posts
it as the line manager types (``X-Autosave``: JSON back, 409 with the saved
version when someone else saved meanwhile); without JavaScript its Save button
posts it and the page comes back, or, on a conflict, shows both versions with
the typed text kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.views.decorators.http import require_POST

from reports.access import documents_for
from reports.checklist.access import (
    CHECKLIST_ROLES,
    action_owners_for,
    checklist_actions_for,
    checklist_items_for,
    checklists_for,
)
from reports.checklist.evidence import Evidence, evidence_for
from reports.checklist.forms import ActionForm, AnswerForm
from reports.checklist.models import (
    SECTION_ORDER,
    Checklist,
    ChecklistAction,
    ChecklistItem,
    Section,
)
from reports.checklist.periods import (
    HalfTerm,
    current_half_term,
    half_term,
    next_half_term,
    number_of,
    previous_half_term,
)
from reports.checklist.queries import actions_on
from reports.checklist.services import (
    action_add,
    action_save,
    checklist_open,
    checklist_running,
    item_answer_save,
)
from schools.access import school_for
from schools.models import User
from schools.terms import half_term_param, terms_around, terms_kept
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.params import page_of
from sendit.lib.versions import ConflictRow, VersionConflict, conflict_rows


def _wants_json(request: AuthedRequest) -> bool:
    # autosave.js marks its saves so that they get JSON rather than a page.
    return request.headers.get("X-Autosave") == "1"


def _saved_at() -> str:
    return time_format(timezone.localtime(), "H:i")


def _half_or_404(request: AuthedRequest, school_year: int, number: int) -> HalfTerm:
    half = half_term(school_for(request.user), school_year, number)
    if half is None:
        raise Http404("No such half-term")
    return half


def _url(checklist: Checklist) -> str:
    return f"{reverse('reports:checklist')}?half={checklist.period_key}"


def _owners(user: User) -> dict[int, User]:
    return {person.pk: person for person in action_owners_for(user)}


def half_url(half: HalfTerm) -> str:
    return f"{reverse('reports:checklist')}?half={half.key}"


@roles_required(*CHECKLIST_ROLES)
@terms_kept()  # the evidence's parts ask for the school's terms: read them once
def checklist_page(request: AuthedRequest) -> HttpResponse:
    """The checklist of the half-term ?half= names; this half-term's by default."""
    today = timezone.localdate()
    school = school_for(request.user)
    terms_around(school, today)
    current = current_half_term(school, today)
    half = half_term_param(request, "half", default=current, school=school)
    if half == current:
        # The running half-term's checklist is made when first opened, and follows the bank.
        checklist: Checklist | None = checklist_open(school=school, half=half, today=today)
    else:
        checklist = (
            checklists_for(request.user)
            .filter(school_year=half.school_year, half_term=number_of(half))
            .first()
        )
    if checklist is None:
        return render(
            request,
            "reports/checklist/none.html",
            {
                "half": half,
                "number": number_of(half),
                "is_future": half.start > today,
                **_neighbour_links(request, half),
            },
        )
    return _render(request, checklist, half)


def _neighbour_links(request: AuthedRequest, half: HalfTerm) -> dict[str, Any]:
    school = school_for(request.user)
    links = {}
    for name, other in (
        ("previous", previous_half_term(school, half)),
        ("next", next_half_term(school, half)),
    ):
        if other is not None:
            links[name] = (other.label, half_url(other))
    return links


@dataclass
class ItemRow:
    item: ChecklistItem
    form: AnswerForm
    evidence: Evidence | None
    conflict: list[ConflictRow] | None = None


@dataclass
class ActionRow:
    action: ChecklistAction
    form: ActionForm
    carried: bool
    conflict: list[ConflictRow] | None = None


def _item_form(item: ChecklistItem, data: Any = None) -> AnswerForm:
    prefix = f"item-{item.pk}"
    if data is not None:
        return AnswerForm(data, prefix=prefix)
    return AnswerForm(initial={"version": item.version, "answer": item.answer}, prefix=prefix)


def _action_form(action: ChecklistAction, owners: dict[int, User], data: Any = None) -> ActionForm:
    kwargs: dict[str, Any] = {
        "owners": owners,
        "current": action.owner,
        "prefix": f"action-{action.pk}",
    }
    if data is not None:
        return ActionForm(data, **kwargs)
    return ActionForm(
        initial={
            "version": action.version,
            "text": action.text,
            "owner": action.owner_id or "",
            "due_on": action.due_on,
            "done": action.is_done,
        },
        **kwargs,
    )


def _render(
    request: AuthedRequest,
    checklist: Checklist,
    half: HalfTerm,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The checklist page; ``bound`` holds a form posted without JavaScript that
    comes back (its errors, or its conflict rows), keyed "item-<pk>"/"action-<pk>"/"new"."""
    bound = bound or {}
    today = timezone.localdate()
    items = sorted(
        checklist.items.select_related("question", "answered_by"),
        key=lambda i: (SECTION_ORDER[i.section], i.position, i.pk),
    )
    evidence = evidence_for(
        (item.evidence for item in items if item.evidence),
        user=request.user,
        half=half,
        today=today,
    )
    sections: dict[str, list[ItemRow]] = {}
    for item in items:
        form, conflict = bound.get(f"item-{item.pk}", (None, None))
        sections.setdefault(item.section, []).append(
            ItemRow(item, form or _item_form(item), evidence.get(item.evidence), conflict)
        )
    owners = _owners(request.user)
    actions = []
    for action in actions_on(request.user, checklist):
        form, conflict = bound.get(f"action-{action.pk}", (None, None))
        actions.append(
            ActionRow(
                action,
                form or _action_form(action, owners),
                carried=action.checklist_id != checklist.pk,
                conflict=conflict,
            )
        )
    new_form = bound.get("new", (None, None))[0] or ActionForm(owners=owners, prefix="new-action")
    return render(
        request,
        "reports/checklist/checklist.html",
        {
            "checklist": checklist,
            "half": half,
            "is_past": not checklist_running(checklist, today=today),
            "sections": [(Section(key).label, key, rows) for key, rows in sections.items()],
            "answered": sum(1 for item in items if item.answer.strip()),
            "asked": len(items),
            "carried": [row for row in actions if row.carried],
            "agreed": [row for row in actions if not row.carried],
            "new_form": new_form,
            "today": today,
            # The PDFs of this checklist (reports pipeline), newest first.
            "pdfs": documents_for(request.user)
            .filter(kind="checklist", period_key=checklist.period_key)
            .order_by("-requested_at", "-pk")[:5],
            # A form posted without JavaScript that came back with a problem to fix.
            "error_form": next(
                (form for form, _ in bound.values() if form is not None and form.errors), None
            ),
            "login_url": f"{reverse('account_login')}?next={_url(checklist)}",
            **_neighbour_links(request, half),
        },
        status=status,
    )


def _checklist_half(request: AuthedRequest, checklist: Checklist) -> HalfTerm:
    return _half_or_404(request, checklist.school_year, checklist.half_term)


@require_POST
@roles_required(*CHECKLIST_ROLES)
def item_save(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(checklist_items_for(request.user).select_related("checklist"), pk=pk)
    checklist = item.checklist
    form = _item_form(item, request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"errors": form.errors}, status=400)
        return _render(
            request,
            checklist,
            _checklist_half(request, checklist),
            bound={f"item-{pk}": (form, None)},
        )
    try:
        item = item_answer_save(
            item=item,
            answer=form.cleaned_data["answer"],
            user=request.user,
            base_version=form.cleaned_data["version"],
        )
    except VersionConflict as conflict:
        current: ChecklistItem = conflict.current
        if _wants_json(request):
            return JsonResponse(
                {
                    "conflict": True,
                    "version": current.version,
                    "saved": {f"{form.prefix}-answer": current.answer},
                },
                status=409,
            )
        rows = conflict_rows([("Answer", form.cleaned_data["answer"], current.answer)])
        data = request.POST.copy()
        data[f"{form.prefix}-version"] = str(current.version)
        return _render(
            request,
            checklist,
            _checklist_half(request, checklist),
            bound={f"item-{pk}": (_item_form(item, data), rows)},
            status=409,
        )
    if _wants_json(request):
        return JsonResponse({"saved": True, "version": item.version, "saved_at": _saved_at()})
    messages.success(request, f"Answer saved at {_saved_at()}.")
    return redirect(f"{_url(checklist)}#item-{item.pk}")


@require_POST
@roles_required(*CHECKLIST_ROLES)
def action_create(request: AuthedRequest, pk: int) -> HttpResponse:
    checklist = get_object_or_404(checklists_for(request.user), pk=pk)
    form = ActionForm(request.POST, owners=_owners(request.user), prefix="new-action")
    if not form.is_valid():
        return _render(
            request, checklist, _checklist_half(request, checklist), bound={"new": (form, None)}
        )
    action = action_add(
        checklist=checklist,
        text=form.cleaned_data["text"],
        owner=form.cleaned_data["owner"],
        due_on=form.cleaned_data["due_on"],
        user=request.user,
    )
    messages.success(request, "Action added.")
    return redirect(f"{_url(checklist)}#action-{action.pk}")


def _action_values(action: ChecklistAction, prefix: str) -> dict[str, Any]:
    return {
        f"{prefix}-text": action.text,
        f"{prefix}-owner": str(action.owner_id or ""),
        f"{prefix}-due_on": action.due_on.isoformat() if action.due_on else "",
        f"{prefix}-done": ["on"] if action.is_done else [],
    }


@require_POST
@roles_required(*CHECKLIST_ROLES)
def action_update(request: AuthedRequest, pk: int) -> HttpResponse:
    """Save an action from whichever checklist shows it; the page it came from is
    the one the no-JavaScript save goes back to."""
    action = get_object_or_404(
        checklist_actions_for(request.user).select_related("checklist", "owner"), pk=pk
    )
    shown_on = action.checklist
    on_pk = request.POST.get("shown_on", "")
    if on_pk.isdigit():
        shown_on = checklists_for(request.user).filter(pk=int(on_pk)).first() or shown_on
    owners = _owners(request.user)
    form = _action_form(action, owners, request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"errors": form.errors}, status=400)
        return _render(
            request,
            shown_on,
            _checklist_half(request, shown_on),
            bound={f"action-{pk}": (form, None)},
        )
    data = form.cleaned_data
    try:
        action = action_save(
            action=action,
            text=data["text"],
            owner=data["owner"],
            due_on=data["due_on"],
            done=data["done"],
            today=timezone.localdate(),
            base_version=data["version"] or 0,
        )
    except VersionConflict as conflict:
        current: ChecklistAction = conflict.current
        if _wants_json(request):
            return JsonResponse(
                {
                    "conflict": True,
                    "version": current.version,
                    "saved": _action_values(current, form.prefix or ""),
                },
                status=409,
            )
        rows = conflict_rows(
            [
                ("Action", data["text"], current.text),
                (
                    "Who",
                    data["owner"].display_name if data["owner"] else "",
                    current.owner.display_name if current.owner else "",
                ),
                ("Due by", data["due_on"] or "", current.due_on or ""),
                ("Done", "Yes" if data["done"] else "No", "Yes" if current.is_done else "No"),
            ]
        )
        again = request.POST.copy()
        again[f"{form.prefix}-version"] = str(current.version)
        return _render(
            request,
            shown_on,
            _checklist_half(request, shown_on),
            bound={f"action-{pk}": (_action_form(action, owners, again), rows)},
            status=409,
        )
    if _wants_json(request):
        return JsonResponse(
            {
                "saved": True,
                "version": action.version,
                "saved_at": _saved_at(),
                "done_on": action.done_on.isoformat() if action.done_on else "",
            }
        )
    messages.success(request, f"Action saved at {_saved_at()}.")
    return redirect(f"{_url(shown_on)}#action-{action.pk}")


@roles_required(*CHECKLIST_ROLES)
def checklist_list(request: AuthedRequest) -> HttpResponse:
    checklists = checklists_for(request.user).annotate(
        asked=Count("items", distinct=True),
        answered=Count("items", filter=~Q(items__answer=""), distinct=True),
        agreed=Count("actions", distinct=True),
    )
    page = page_of(request, checklists.order_by("-starts_on", "pk"), 12)
    current = current_half_term(school_for(request.user), timezone.localdate())
    return render(
        request,
        "reports/checklist/list.html",
        {
            "page": page,
            "current_url": half_url(current),
            "current": current,
        },
    )
