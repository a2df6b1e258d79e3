"""Demo line-management checklists: last half-term's, answered, with an action
still open, so that this half-term's checklist shows it carried.

Deterministic (fixed words, dates relative to ``today``) and idempotent: the
checklists are made once per half-term, an answer is written only where none
is, and an action is found by its checklist and words before one is made.
"""

from __future__ import annotations

from datetime import date, timedelta

from demo.schools import DemoStaff
from reports.checklist.models import Checklist, ChecklistAction, Section
from reports.checklist.periods import current_half_term, previous_half_term
from reports.checklist.services import (
    action_add,
    action_save,
    checklist_bank_ensure,
    checklist_open,
    item_answer_save,
)
from schools.models import User

# Answers of last half-term's meeting, by the part of the year's work they answer
# (the first question of that part on the checklist).
ANSWERS: dict[str, str] = {
    Section.ASSESS: "Reading ages are in for Years 7 to 9. The pupils furthest behind are having "
    "a closer look, Year 7 first.",
    Section.PLAN: "Profiles are up to date for most of the register; the rest are booked in "
    "with tutors before the end of the month.",
    Section.DO: "Running: the reading fluency group and precision teaching for number. "
    "The social skills group starts after the holiday.",
    Section.REVIEW: "We will look at the exit measures of the autumn groups at the next meeting.",
    Section.WELLBEING: "Busy with annual reviews. Protected Tuesday afternoons would give time "
    "to get into classrooms.",
    Section.EXAMS: "Year 11 screening is done; a few candidates still need their evidence forms.",
}


def _answer(checklist: Checklist, by: User) -> None:
    answered: set[str] = set()
    for item in checklist.items.order_by("position", "pk"):
        if item.section in answered or item.section not in ANSWERS:
            continue
        answered.add(item.section)
        if not item.answer:
            item_answer_save(
                item=item, answer=ANSWERS[item.section], user=by, base_version=item.version
            )


def _action(
    checklist: Checklist, text: str, *, owner: User, due_on: date, by: User
) -> ChecklistAction:
    found = ChecklistAction.objects.filter(checklist=checklist, text=text).first()
    return found or action_add(checklist=checklist, text=text, owner=owner, due_on=due_on, user=by)


def seed_checklists(staff: DemoStaff, today: date) -> None:
    school = staff.school
    slt = staff.named["slt@demo.test"]
    sendco = staff.named["sendco@demo.test"]
    checklist_bank_ensure(school=school)
    now = current_half_term(school, today)
    before = previous_half_term(school, now)
    assert before is not None
    earlier = checklist_open(school=school, half=before, today=before.start)
    _answer(earlier, slt)
    _action(
        earlier,
        "Book two days of educational psychologist time for Year 7 reading assessments",
        owner=sendco,
        due_on=before.end + timedelta(days=21),
        by=slt,
    )
    done = _action(
        earlier,
        "Put the annual review dates in the school diary",
        owner=sendco,
        due_on=before.end,
        by=slt,
    )
    if not done.is_done:
        action_save(
            action=done,
            text=done.text,
            owner=done.owner,
            due_on=done.due_on,
            done=True,
            today=before.end - timedelta(days=3),
            base_version=done.version,
        )
    current = checklist_open(school=school, half=now, today=today)
    _action(
        current,
        "Protect Tuesday afternoons for the SENDCo's classroom visits",
        owner=slt,
        due_on=now.end,
        by=slt,
    )
