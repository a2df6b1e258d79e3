"""The school's question bank: add, reword, retire (and bring back), reorder.

The SENDCo and senior leaders both keep it. One half-term of it is shown at
a time (with the questions asked every half-term); the Move up/down buttons
post and come back with focus on the same button.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from reports.checklist.access import BANK_EDITORS, questions_for
from reports.checklist.forms import QuestionForm
from reports.checklist.models import SECTION_ORDER, ChecklistQuestion, HalfTermChoice, Section
from reports.checklist.periods import current_half_term, number_of
from reports.checklist.services import (
    checklist_bank_ensure,
    question_add,
    question_move,
    question_restore,
    question_retire,
    question_save,
)
from schools.access import school_for
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.params import choice_param, id_param
from sendit.lib.versions import ConflictRow, VersionConflict, conflict_rows


def _bank_url(half_term: int, anchor: str = "") -> str:
    url = f"{reverse('reports:checklist_bank')}?half={half_term}"
    return f"{url}#{anchor}" if anchor else url


@roles_required(*BANK_EDITORS)
def bank(request: AuthedRequest) -> HttpResponse:
    school = school_for(request.user)
    checklist_bank_ensure(school=school)
    today_half = number_of(current_half_term(school, timezone.localdate()))
    chosen = int(
        choice_param(
            request,
            "half",
            [str(value) for value in HalfTermChoice.values],
            default=str(today_half),
            label="half-term",
            shown=HalfTermChoice(today_half).label,
        )
    )
    questions = questions_for(request.user).filter(half_term=chosen)
    active = sorted(
        (q for q in questions if not q.is_retired),
        key=lambda q: (SECTION_ORDER[q.section], q.position, q.pk),
    )
    sections: dict[str, list[ChecklistQuestion]] = {}
    for question in active:
        sections.setdefault(question.section, []).append(question)
    # After a move, the focus goes back to the same button of the question moved.
    moved_pk = id_param(request, "moved", label="question", shown="the bank")
    moved_way = choice_param(
        request, "way", ["up", "down"], default="", label="way", shown="the bank"
    )
    return render(
        request,
        "reports/checklist/bank.html",
        {
            "halves": HalfTermChoice.choices,
            "chosen": chosen,
            "chosen_label": HalfTermChoice(chosen).label,
            "sections": [(Section(key).label, rows) for key, rows in sections.items()],
            "retired": sorted(
                (q for q in questions if q.is_retired), key=lambda q: (q.retired_at, q.pk)
            ),
            "moved_pk": moved_pk,
            "moved_way": moved_way,
        },
    )


@roles_required(*BANK_EDITORS)
def question_create(request: AuthedRequest) -> HttpResponse:
    school = school_for(request.user)
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            question = question_add(
                school=school,
                half_term=data["half_term"],
                section=data["section"],
                text=data["text"],
                evidence=data["evidence"],
            )
            messages.success(request, "Question added to the bank.")
            return redirect(_bank_url(question.half_term, f"question-{question.pk}"))
    else:
        half = number_of(current_half_term(school, timezone.localdate()))
        form = QuestionForm(initial={"half_term": half})
    return render(request, "reports/checklist/question_form.html", {"form": form})


@roles_required(*BANK_EDITORS)
def question_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(questions_for(request.user), pk=pk)
    rows: list[ConflictRow] | None = None
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                question = question_save(
                    question=question,
                    data=form.cleaned_data,
                    base_version=form.cleaned_data["version"] or 0,
                )
            except VersionConflict as conflict:
                current: ChecklistQuestion = conflict.current
                data = form.cleaned_data
                rows = conflict_rows(
                    [
                        ("Question", data["text"], current.text),
                        (
                            "Half-term",
                            HalfTermChoice(data["half_term"]).label,
                            current.get_half_term_display(),
                        ),
                        (
                            "Part of the year's work",
                            Section(data["section"]).label,
                            current.get_section_display(),
                        ),
                        ("Evidence", data["evidence"], current.evidence),
                    ]
                )
                again = request.POST.copy()
                again["version"] = str(current.version)
                form = QuestionForm(again)
                form.is_valid()
                question = current
            else:
                messages.success(
                    request, "Question saved. Checklists that asked it keep their wording."
                )
                return redirect(_bank_url(question.half_term, f"question-{question.pk}"))
    else:
        form = QuestionForm.for_question(question)
    return render(
        request,
        "reports/checklist/question_form.html",
        {"form": form, "question": question, "conflict_rows": rows},
        status=409 if rows is not None else 200,
    )


@require_POST
@roles_required(*BANK_EDITORS)
def question_retire_view(request: AuthedRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(questions_for(request.user), pk=pk)
    if request.POST.get("restore"):
        question_restore(question=question)
        messages.success(request, "Question brought back: later checklists ask it again.")
    else:
        question_retire(question=question)
        messages.success(
            request,
            "Question retired: it stays on the checklists that asked it; new ones leave it out.",
        )
    return redirect(_bank_url(question.half_term, f"question-{question.pk}"))


@require_POST
@roles_required(*BANK_EDITORS)
def question_move_view(request: AuthedRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(questions_for(request.user), pk=pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    if question_move(question=question, up=direction == "up"):
        messages.success(request, f"Moved {direction}: {question.text[:80]}")
    else:
        messages.info(request, f"Already {'first' if direction == 'up' else 'last'} in its part.")
    # No #fragment: browsers skip autofocus on a page opened at one, and the
    # focused button is scrolled into view anyway.
    query = f"half={question.half_term}&moved={question.pk}&way={direction}"
    return redirect(f"{reverse('reports:checklist_bank')}?{query}")
