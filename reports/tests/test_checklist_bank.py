"""The question bank's pages: one half-term at a time, add, reword (with the
version check), retire and bring back, move up and down."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from reports.checklist.models import ChecklistQuestion, Section
from reports.checklist.services import checklist_bank_ensure

pytestmark = pytest.mark.django_db

BANK = reverse("reports:checklist_bank")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2025-11-20 10:00", tick=False):
        yield


def _question(cast, text: str) -> ChecklistQuestion:
    checklist_bank_ensure(school=cast.school)
    return ChecklistQuestion.objects.get(school=cast.school, text__startswith=text)


def test_the_bank_shows_one_half_term(cast, client) -> None:
    client.force_login(cast.sendco)
    page = client.get(BANK).content.decode()  # this half-term: Autumn 2
    assert "Have the autumn profile reviews been held" in page
    assert "What did last summer" not in page
    page = client.get(BANK, {"half": "1"}).content.decode()
    assert "What did last summer" in page
    page = client.get(BANK, {"half": "9"}).content.decode()
    assert "That half-term is not one sendit knows" in page
    assert "Have the autumn profile reviews been held" in page


def test_add_a_question(cast, client) -> None:
    client.force_login(cast.slt)
    url = reverse("reports:checklist_question_add")
    response = client.post(url, {"text": "", "half_term": "2", "section": "do"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    response = client.post(
        url,
        {
            "text": "Is the new reading programme in every Year 7 class?",
            "half_term": "2",
            "section": Section.DO,
            "evidence": "walks",
        },
    )
    question = ChecklistQuestion.objects.get(text__startswith="Is the new reading programme")
    assert response.url == f"{BANK}?half=2#question-{question.pk}"
    last = ChecklistQuestion.objects.filter(school=cast.school, half_term=2, section=Section.DO)
    assert question.position == max(last.values_list("position", flat=True))
    # And this half-term's checklist asks it now.
    page = client.get(reverse("reports:checklist")).content.decode()
    assert "Is the new reading programme in every Year 7 class?" in page


def test_reword_with_the_version_check(cast, client) -> None:
    question = _question(cast, "Are new concerns from staff reaching")
    url = reverse("reports:checklist_question_edit", args=[question.pk])
    data = {"version": "1", "half_term": "2", "section": Section.DO, "evidence": "concerns"}
    client.force_login(cast.sendco)
    client.post(url, {**data, "text": "Are concerns decided within a week?"})
    client.force_login(cast.slt)
    response = client.post(url, {**data, "text": "Are concerns decided within a fortnight?"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Are concerns decided within a week?" in page
    assert "Are concerns decided within a fortnight?" in page
    question.refresh_from_db()
    assert (question.text, question.version) == ("Are concerns decided within a week?", 2)


def test_retire_and_bring_back(cast, client) -> None:
    question = _question(cast, "Are new concerns from staff reaching")
    url = reverse("reports:checklist_question_retire", args=[question.pk])
    client.force_login(cast.slt)
    client.post(url)
    question.refresh_from_db()
    assert question.is_retired
    page = client.get(BANK).content.decode()
    assert "Retired questions" in page and "Bring back" in page
    client.post(url, {"restore": "1"})
    question.refresh_from_db()
    assert not question.is_retired


def test_move_comes_back_with_the_focus_on_the_same_button(cast, client) -> None:
    question = _question(cast, "Are new concerns from staff reaching")  # last of Autumn 2's Do
    url = reverse("reports:checklist_question_move", args=[question.pk])
    client.force_login(cast.slt)
    response = client.post(url, {"direction": "up"})
    assert response.url == f"{BANK}?half=2&moved={question.pk}&way=up"
    page = client.get(response.url).content.decode()
    assert "Moved up: Are new concerns from staff reaching" in page
    assert page.count("autofocus") == 1
    button = page[page.index(f'id="question-{question.pk}"') :]
    assert button.index("autofocus") < button.index("Move down")
    # Already last: moved down, it says so and the focus goes to its Move up button.
    client.post(url, {"direction": "down"})
    response = client.post(url, {"direction": "down"})
    page = client.get(response.url).content.decode()
    assert "Already last in its part." in page
    assert page.count("autofocus") == 1
