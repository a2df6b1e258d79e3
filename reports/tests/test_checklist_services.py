"""The bank and the checklists over time: seeding, carrying actions on, retiring,
rewording and reordering questions."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from reports.checklist.bank import DEFAULT_QUESTIONS
from reports.checklist.models import ChecklistAction, ChecklistQuestion, HalfTermChoice, Section
from reports.checklist.periods import current_half_term, half_term, number_of, period_key
from reports.checklist.queries import actions_on
from reports.checklist.services import (
    action_add,
    action_save,
    checklist_bank_ensure,
    checklist_open,
    item_answer_save,
    question_add,
    question_move,
    question_retire,
    question_save,
)

pytestmark = pytest.mark.django_db

URL = reverse("reports:checklist")


def _open(cast, number: int, today: date):
    half = half_term(cast.school, 2025, number)
    assert half is not None
    return checklist_open(school=cast.school, half=half, today=today)


def test_every_school_gets_the_default_bank_once(cast) -> None:
    checklist_bank_ensure(school=cast.school)
    questions = ChecklistQuestion.objects.filter(school=cast.school)
    assert questions.count() == len(DEFAULT_QUESTIONS)
    # Every half-term, and the recurring themes, have questions.
    assert set(questions.values_list("half_term", flat=True)) == set(HalfTermChoice.values)
    assert set(questions.values_list("section", flat=True)) == set(Section.values)
    for question in questions:
        question_retire(question=question)
    checklist_bank_ensure(school=cast.school)
    assert questions.count() == len(DEFAULT_QUESTIONS)  # not seeded again
    assert not ChecklistQuestion.objects.filter(school=cast.other_school).exists()


def test_the_checklist_in_use_is_the_school_half_terms(cast) -> None:
    from schools.terms import half_term_from_key, half_term_of

    autumn2 = current_half_term(cast.school, date(2025, 11, 20))
    assert autumn2 == half_term_of(cast.school, date(2025, 11, 20))
    assert (number_of(autumn2), autumn2.key) == (2, "2025-autumn-2")
    # In the half-term holiday, the half-term just ended.
    assert half_term_of(cast.school, date(2025, 10, 28)) is None
    assert current_half_term(cast.school, date(2025, 10, 28)).key == "2025-autumn-1"
    assert current_half_term(cast.school, date(2026, 8, 20)).key == "2025-summer-2"
    assert half_term(cast.school, 2025, 6) == half_term_from_key(cast.school, "2025-summer-2")
    assert period_key(2025, 6) == "2025-summer-2"


def test_an_unfinished_action_carries_into_the_next_half_term(cast, client) -> None:
    autumn1 = _open(cast, 1, date(2025, 10, 1))
    kept_on = action_add(
        checklist=autumn1,
        text="Audit TA training needs",
        owner=cast.sendco,
        due_on=None,
        user=cast.slt,
    )
    done_early = action_add(
        checklist=autumn1, text="Send the calendar to staff", owner=None, due_on=None, user=cast.slt
    )
    action_save(
        action=done_early,
        text=done_early.text,
        owner=None,
        due_on=None,
        done=True,
        today=date(2025, 10, 20),
        base_version=1,
    )
    with time_machine.travel("2025-11-20 10:00", tick=False):
        client.force_login(cast.slt)
        page = client.get(URL).content.decode()
    assert "Actions carried from earlier half-terms" in page
    assert "Audit TA training needs" in page
    assert "Send the calendar to staff" not in page
    autumn2 = _open(cast, 2, date(2025, 11, 20))
    shown = list(actions_on(cast.slt, autumn2))
    # The same action, not a copy: one row in the table, shown on both checklists.
    assert shown == [kept_on]
    assert ChecklistAction.objects.count() == 2
    assert list(actions_on(cast.slt, autumn1)) == [kept_on, done_early]
    # Done in Autumn 2: shown there as done, and no longer carried into Spring 1.
    action_save(
        action=kept_on,
        text=kept_on.text,
        owner=cast.sendco,
        due_on=None,
        done=True,
        today=date(2025, 12, 1),
        base_version=1,
    )
    assert list(actions_on(cast.slt, autumn2)) == [kept_on]
    spring1 = _open(cast, 3, date(2026, 1, 5))
    assert list(actions_on(cast.slt, spring1)) == []
    with time_machine.travel("2025-12-02 10:00", tick=False):
        client.force_login(cast.slt)
        page = client.get(URL).content.decode()
    assert "done on 1 December 2025" in page


def test_a_retired_question_stays_on_past_checklists(cast, client) -> None:
    autumn1 = _open(cast, 1, date(2025, 9, 10))
    question = ChecklistQuestion.objects.get(
        school=cast.school, text__startswith="How are pupils who join us during the year"
    )
    item = autumn1.items.get(question=question)
    question_retire(question=question)
    with time_machine.travel("2025-11-20 10:00", tick=False):
        client.force_login(cast.slt)
        past = client.get(URL, {"half": "2025-autumn-1"}).content.decode()
    assert "How are pupils who join us during the year" in past
    assert "No longer in the question bank; kept as it was asked." in past
    autumn1.items.get(pk=item.pk)
    # Next autumn's checklist no longer asks it.
    half = half_term(cast.school, 2026, 1)
    assert half is not None
    next_autumn = checklist_open(school=cast.school, half=half, today=date(2026, 9, 10))
    assert not next_autumn.items.filter(question=question).exists()


def test_rewording_leaves_what_was_asked_and_answered(cast) -> None:
    autumn2 = _open(cast, 2, date(2025, 11, 3))
    answered, unanswered = autumn2.items.filter(evidence="")[:2]
    item_answer_save(item=answered, answer="Yes, weekly.", user=cast.slt, base_version=1)
    for item in (answered, unanswered):
        question = item.question
        question_save(
            question=question,
            data={
                "half_term": question.half_term,
                "section": question.section,
                "text": f"Reworded: {question.text}",
                "evidence": "",
            },
            base_version=question.version,
        )
    _open(cast, 2, date(2025, 11, 4))
    answered.refresh_from_db()
    unanswered.refresh_from_db()
    assert not answered.text.startswith("Reworded")  # asked and answered in its old words
    assert unanswered.text.startswith("Reworded")  # not asked yet: follows the bank


def test_questions_move_up_and_down_within_their_part(cast) -> None:
    checklist_bank_ensure(school=cast.school)
    first = question_add(
        school=cast.school, half_term=1, section=Section.EXAMS, text="A?", evidence=""
    )
    plan = list(
        ChecklistQuestion.objects.filter(
            school=cast.school, half_term=1, section=Section.EXAMS
        ).order_by("position")
    )
    assert plan[-1] == first
    assert question_move(question=first, up=True)
    order = list(
        ChecklistQuestion.objects.filter(
            school=cast.school, half_term=1, section=Section.EXAMS
        ).order_by("position")
    )
    assert order == [first, *plan[:-1]]
    assert not question_move(question=first, up=True)  # already first
    assert question_move(question=first, up=False)
    half = half_term(cast.school, 2025, 1)
    assert half is not None
    checklist = checklist_open(school=cast.school, half=half, today=date(2025, 9, 5))
    exams = [i.question for i in checklist.items.filter(section=Section.EXAMS).order_by("position")]
    assert exams == plan
