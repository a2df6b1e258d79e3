"""The line-manager checklist: the SENDCo and senior leaders only (both keep the
question bank); governors, teachers, teaching assistants and the school admin 404."""

from __future__ import annotations

from django.utils import timezone

from reports.checklist.models import ChecklistQuestion
from reports.checklist.periods import current_half_term
from reports.checklist.services import action_add, checklist_bank_ensure, checklist_open
from schools.models import Role
from tests.access import Entry, roles

LEADERS = roles(Role.SENDCO, Role.SLT)
POSTED = frozenset({302})
# Posted empty, an answer or action form comes back with its problem (200).
POSTED_OR_SHOWN = frozenset({200, 302})


def _checklist(cast):
    today = timezone.localdate()
    return checklist_open(
        school=cast.school, half=current_half_term(cast.school, today), today=today
    )


def _item(cast) -> dict:
    return {"pk": _checklist(cast).items.first().pk}


def _checklist_pk(cast) -> dict:
    return {"pk": _checklist(cast).pk}


def _action(cast) -> dict:
    action = action_add(
        checklist=_checklist(cast),
        text="Book the EP visit",
        owner=cast.sendco,
        due_on=None,
        user=cast.slt,
    )
    return {"pk": action.pk}


def _question(cast) -> dict:
    checklist_bank_ensure(school=cast.school)
    return {"pk": ChecklistQuestion.objects.filter(school=cast.school).first().pk}


ENTRIES: dict[str, Entry] = {
    "reports:checklist": Entry(roles=LEADERS),
    "reports:checklists": Entry(roles=LEADERS),
    "reports:checklist_answer": Entry(
        roles=LEADERS,
        kwargs=_item,
        method="post",
        ok=POSTED_OR_SHOWN,
        data=lambda cast: {},
    ),
    "reports:checklist_action_add": Entry(
        roles=LEADERS,
        kwargs=_checklist_pk,
        method="post",
        ok=POSTED,
        data=lambda cast: {"new-action-text": "Plan the Year 6 visits"},
    ),
    "reports:checklist_action": Entry(
        roles=LEADERS,
        kwargs=_action,
        method="post",
        ok=POSTED_OR_SHOWN,
        data=lambda cast: {},
    ),
    "reports:checklist_bank": Entry(roles=LEADERS),
    "reports:checklist_question_add": Entry(roles=LEADERS),
    "reports:checklist_question_edit": Entry(roles=LEADERS, kwargs=_question),
    "reports:checklist_question_retire": Entry(
        roles=LEADERS, kwargs=_question, method="post", ok=POSTED
    ),
    "reports:checklist_question_move": Entry(
        roles=LEADERS, kwargs=_question, method="post", ok=POSTED
    ),
}
