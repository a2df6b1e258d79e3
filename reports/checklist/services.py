"""Work on the question bank and the checklists that spans records."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from reports.checklist.bank import DEFAULT_QUESTIONS
from reports.checklist.models import (
    SECTION_ORDER,
    Checklist,
    ChecklistAction,
    ChecklistItem,
    ChecklistQuestion,
    HalfTermChoice,
)
from reports.checklist.periods import HalfTerm, current_half_term, number_of
from schools.models import School, User
from sendit.lib.versions import update_if_current

# The question bank -----------------------------------------------------------------------


def checklist_bank_ensure(*, school: School) -> None:
    """Give a school the default bank the first time it needs one. A school that
    has questions (retired ones count) keeps what it made of them."""
    if ChecklistQuestion.objects.filter(school=school).exists():
        return
    ChecklistQuestion.objects.bulk_create(
        ChecklistQuestion(
            school=school,
            half_term=question.half_term,
            section=question.section,
            text=question.text,
            evidence=question.evidence,
            position=index,
        )
        for index, question in enumerate(DEFAULT_QUESTIONS)
    )


def question_add(
    *, school: School, half_term: int, section: str, text: str, evidence: str
) -> ChecklistQuestion:
    """A new question, last of its half-term and section."""
    last = ChecklistQuestion.objects.filter(
        school=school, half_term=half_term, section=section
    ).aggregate(last=Max("position"))["last"]
    return ChecklistQuestion.objects.create(
        school=school,
        half_term=half_term,
        section=section,
        text=text,
        evidence=evidence,
        position=0 if last is None else last + 1,
    )


def question_save(
    *, question: ChecklistQuestion, data: Mapping[str, Any], base_version: int
) -> ChecklistQuestion:
    """Reword (or move to another half-term or section) with the version check.
    Checklists that already asked it keep the words they asked."""
    values = {name: data[name] for name in ("half_term", "section", "text", "evidence")}
    if (values["half_term"], values["section"]) != (question.half_term, question.section):
        last = ChecklistQuestion.objects.filter(
            school_id=question.school_id,
            half_term=values["half_term"],
            section=values["section"],
        ).aggregate(last=Max("position"))["last"]
        values["position"] = 0 if last is None else last + 1
    update_if_current(
        ChecklistQuestion.objects.filter(school_id=question.school_id),
        pk=question.pk,
        base_version=base_version,
        values=values,
    )
    question.refresh_from_db()
    return question


def question_retire(*, question: ChecklistQuestion) -> None:
    """No longer asked; checklists that asked it keep it."""
    if question.retired_at is None:
        question.retired_at = timezone.now()
        question.save(update_fields=["retired_at"])


def question_restore(*, question: ChecklistQuestion) -> None:
    if question.retired_at is not None:
        question.retired_at = None
        question.save(update_fields=["retired_at"])


def _neighbours(question: ChecklistQuestion) -> QuerySet[ChecklistQuestion]:
    return ChecklistQuestion.objects.filter(
        school_id=question.school_id,
        half_term=question.half_term,
        section=question.section,
        retired_at__isnull=True,
    ).order_by("position", "pk")


@transaction.atomic
def question_move(*, question: ChecklistQuestion, up: bool) -> bool:
    """Swap with the question above (or below) in its half-term and section.
    False when it is already first (or last)."""
    group = list(_neighbours(question).select_for_update())
    ids = [q.pk for q in group]
    if question.pk not in ids:
        return False
    index = ids.index(question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(group):
        return False
    group[index], group[other] = group[other], group[index]
    for position, q in enumerate(group):
        if q.position != position:
            ChecklistQuestion.objects.filter(pk=q.pk).update(position=position)
    question.refresh_from_db()
    return True


# The checklist of a half-term --------------------------------------------------------------


def _asked_in(school: School, number: int) -> list[ChecklistQuestion]:
    """The bank's questions for this half-term, in the order the checklist asks them:
    by section, the half-term's own before the every-half-term ones, then as placed."""
    questions = ChecklistQuestion.objects.filter(
        Q(half_term=number) | Q(half_term=HalfTermChoice.EVERY),
        school=school,
        retired_at__isnull=True,
    )
    return sorted(
        questions,
        key=lambda q: (
            SECTION_ORDER[q.section],
            q.half_term == HalfTermChoice.EVERY,
            q.position,
            q.pk,
        ),
    )


def checklist_running(checklist: Checklist, *, today: date) -> bool:
    """Its half-term is the current one (or, in the holiday after it, the one just ended)."""
    return current_half_term(checklist.school_id, today).key == checklist.period_key


def checklist_open(*, school: School, half: HalfTerm, today: date) -> Checklist:
    """The half-term's checklist, made on first opening; while the half-term runs it
    follows the bank for every question not answered yet."""
    checklist, _ = Checklist.objects.get_or_create(
        school=school,
        school_year=half.school_year,
        half_term=number_of(half),
        defaults={"starts_on": half.start, "ends_on": half.end},
    )
    if checklist_running(checklist, today=today):
        checklist_sync(checklist=checklist)
    return checklist


@transaction.atomic
def checklist_sync(*, checklist: Checklist) -> None:
    """Bring the bank's changes into a running checklist.

    Questions added to the bank appear; a question reworded or retired changes
    (or leaves) the checklist only while nobody has answered it there. An
    answered question stays as it was asked.
    """
    checklist_bank_ensure(school=checklist.school)
    asked = _asked_in(checklist.school, checklist.half_term)
    items = {item.question_id: item for item in checklist.items.select_for_update()}
    new = []
    for rank, question in enumerate(asked):
        item = items.pop(question.pk, None)
        if item is None:
            new.append(
                ChecklistItem(
                    checklist=checklist,
                    question=question,
                    section=question.section,
                    text=question.text,
                    evidence=question.evidence,
                    position=rank,
                )
            )
            continue
        values: dict[str, Any] = {"position": rank}
        if not item.answer.strip():
            values.update(text=question.text, section=question.section, evidence=question.evidence)
        if any(getattr(item, name) != value for name, value in values.items()):
            # Not the answer's version: someone typing an answer meanwhile is not refused.
            ChecklistItem.objects.filter(pk=item.pk).update(**values)
    ChecklistItem.objects.bulk_create(new, ignore_conflicts=True)
    gone = [item.pk for item in items.values() if not item.answer.strip()]
    if gone:
        ChecklistItem.objects.filter(pk__in=gone).delete()


def item_answer_save(
    *, item: ChecklistItem, answer: str, user: User, base_version: int
) -> ChecklistItem:
    update_if_current(
        ChecklistItem.objects.filter(checklist_id=item.checklist_id),
        pk=item.pk,
        base_version=base_version,
        values={"answer": answer, "answered_by": user, "answered_at": timezone.now()},
    )
    item.refresh_from_db()
    return item


# Actions ------------------------------------------------------------------------------------


def action_add(
    *,
    checklist: Checklist,
    text: str,
    owner: User | None,
    due_on: date | None,
    user: User,
) -> ChecklistAction:
    return ChecklistAction.objects.create(
        school_id=checklist.school_id,
        checklist=checklist,
        text=text,
        owner=owner,
        due_on=due_on,
        created_by=user,
    )


def action_save(
    *,
    action: ChecklistAction,
    text: str,
    owner: User | None,
    due_on: date | None,
    done: bool,
    today: date,
    base_version: int,
) -> ChecklistAction:
    """Edit an action with the version check; ticking it done dates it today
    (a done action keeps the day it was done)."""
    done_on = (action.done_on or today) if done else None
    update_if_current(
        ChecklistAction.objects.filter(school_id=action.school_id),
        pk=action.pk,
        base_version=base_version,
        values={"text": text, "owner": owner, "due_on": due_on, "done_on": done_on},
    )
    action.refresh_from_db()
    return action
