"""The checklist as a PDF, made by the reports pipeline (reports/documents/checklist.py).

The same questions, evidence, answers and actions as the page, gathered as
plain data for the template; the figures come from the same evidence
functions as the page, so both read the same.
"""

from __future__ import annotations

from typing import Any

from reports.checklist.access import checklists_for
from reports.checklist.evidence import evidence_for
from reports.checklist.models import SECTION_ORDER, Section
from reports.checklist.periods import current_half_term, number_of
from reports.checklist.queries import actions_on
from reports.checklist.services import checklist_open
from reports.registry import BuildContext
from reports.services import CannotMake
from schools.terms import half_term_from_key


def checklist_content(ctx: BuildContext) -> dict[str, Any]:
    half = half_term_from_key(ctx.school, ctx.period.key)
    if half is None:
        raise CannotMake("The line-management checklist is kept for a half-term: choose one.")
    checklist = (
        checklists_for(ctx.reader)
        .filter(school_year=half.school_year, half_term=number_of(half))
        .first()
    )
    if checklist is None:
        if current_half_term(ctx.school, ctx.today) != half:
            raise CannotMake(f"No checklist was kept for {half.label}.")
        checklist = checklist_open(school=ctx.school, half=half, today=ctx.today)
    items = sorted(
        checklist.items.select_related("answered_by"),
        key=lambda i: (SECTION_ORDER[i.section], i.position, i.pk),
    )
    evidence = evidence_for(
        (item.evidence for item in items if item.evidence),
        user=ctx.reader,
        half=half,
        today=ctx.today,
    )
    sections: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        sections.setdefault(item.section, []).append(
            {
                "text": item.text,
                "answer": item.answer.strip(),
                "answered_by": item.answered_by.display_name if item.answered_by else "",
                "answered_at": item.answered_at,
                "evidence": evidence.get(item.evidence),
            }
        )
    actions = [
        {
            "text": action.text,
            "owner": action.owner.display_name if action.owner else "",
            "due_on": action.due_on,
            "done_on": action.done_on,
            "agreed_in": action.checklist.label,
            "carried": action.checklist_id != checklist.pk,
        }
        for action in actions_on(ctx.reader, checklist)
    ]
    return {
        "checklist": {
            "label": checklist.label,
            "starts_on": checklist.starts_on,
            "ends_on": checklist.ends_on,
            "sections": [(Section(key).label, rows) for key, rows in sections.items()],
            "answered": sum(1 for item in items if item.answer.strip()),
            "asked": len(items),
            "carried": [a for a in actions if a["carried"]],
            "agreed": [a for a in actions if not a["carried"]],
        }
    }
