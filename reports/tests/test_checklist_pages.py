"""The checklist's pages: the half-term shown, answers and actions saved with and
without JavaScript, conflicts shown rather than overwritten, query counts."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import RecordRead
from calendar_app.models import Kind
from calendar_app.tests.factories import make_event
from reports.checklist.models import Checklist, ChecklistAction, ChecklistItem, ChecklistQuestion
from reports.checklist.periods import half_term
from reports.checklist.services import (
    action_add,
    checklist_open,
    item_answer_save,
    question_retire,
)
from schools.models import Role
from tests.factories import make_concern, make_ehc_plan, make_pupil, make_user

pytestmark = pytest.mark.django_db

# Well inside Autumn 2 2025 (1 November to 31 December).
TODAY = date(2025, 11, 20)
URL = reverse("reports:checklist")
AUTOSAVE = {"HTTP_X_AUTOSAVE": "1"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2025-11-20 10:00", tick=False):
        yield


def _open(cast, number: int = 2) -> Checklist:
    half = half_term(cast.school, 2025, number)
    assert half is not None
    # Opened while it ran: a past one as on its first day.
    return checklist_open(school=cast.school, half=half, today=min(TODAY, half.start))


def _item(checklist: Checklist, text: str) -> ChecklistItem:
    return checklist.items.get(text__startswith=text)


def test_shows_this_half_terms_questions_from_the_default_bank(cast, client) -> None:
    client.force_login(cast.slt)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Autumn 2 2025" in page
    # An Autumn 2 question, an every-half-term one, and no Autumn 1 one.
    assert "Have the autumn profile reviews been held" in page
    assert "Which statutory deadlines fall before we next meet" in page
    assert "What did last summer" not in page
    checklist = Checklist.objects.get(school=cast.school)
    assert (checklist.school_year, checklist.half_term) == (2025, 2)
    assert (
        checklist.items.count()
        == ChecklistQuestion.objects.filter(school=cast.school, half_term__in=[0, 2]).count()
    )


def test_the_sendco_reads_and_writes_it_too(cast, client) -> None:
    client.force_login(cast.sendco)
    assert client.get(URL).status_code == 200
    item = _item(Checklist.objects.get(school=cast.school), "Have the autumn profile reviews")
    response = client.post(
        reverse("reports:checklist_answer", args=[item.pk]),
        {f"item-{item.pk}-version": "1", f"item-{item.pk}-answer": "All held but two."},
    )
    assert response.status_code == 302


def test_a_half_term_not_understood_shows_this_one_with_a_notice(cast, client) -> None:
    client.force_login(cast.slt)
    response = client.get(URL, {"half": "2025-autumn"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "That half-term is not one sendit knows" in page
    assert "Autumn 2 2025" in page


def test_a_past_half_term_without_a_checklist_says_so(cast, client) -> None:
    client.force_login(cast.slt)
    response = client.get(URL, {"half": "2024-spring-1"})
    assert "No checklist was kept for this half-term." in response.content.decode()
    assert not Checklist.objects.exists()


def test_a_coming_half_term_is_not_made_early(cast, client) -> None:
    client.force_login(cast.slt)
    response = client.get(URL, {"half": "2025-summer-1"})
    assert "has not started yet" in response.content.decode()
    assert not Checklist.objects.exists()


# Answers -----------------------------------------------------------------------------


def test_answer_saved_without_javascript(cast, client) -> None:
    item = _item(_open(cast), "Have the autumn profile reviews")
    client.force_login(cast.slt)
    response = client.post(
        reverse("reports:checklist_answer", args=[item.pk]),
        {f"item-{item.pk}-version": "1", f"item-{item.pk}-answer": "Held for all but Year 9."},
    )
    assert response.status_code == 302
    assert response.url.endswith(f"?half=2025-autumn-2#item-{item.pk}")
    item.refresh_from_db()
    assert (item.answer, item.version, item.answered_by) == (
        "Held for all but Year 9.",
        2,
        cast.slt,
    )
    page = client.get(response.url).content.decode()
    assert "Held for all but Year 9." in page


def test_answer_autosaved_gets_json(cast, client) -> None:
    item = _item(_open(cast), "Have the autumn profile reviews")
    client.force_login(cast.slt)
    response = client.post(
        reverse("reports:checklist_answer", args=[item.pk]),
        {f"item-{item.pk}-version": "1", f"item-{item.pk}-answer": "Nearly all."},
        **AUTOSAVE,
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["saved_at"] == "10:00"


def test_two_people_answering_at_once_never_overwrite_each_other(cast, client) -> None:
    item = _item(_open(cast), "Have the autumn profile reviews")
    url = reverse("reports:checklist_answer", args=[item.pk])
    client.force_login(cast.sendco)
    client.post(url, {f"item-{item.pk}-version": "1", f"item-{item.pk}-answer": "The SENDCo's."})
    client.force_login(cast.slt)
    stale = {f"item-{item.pk}-version": "1", f"item-{item.pk}-answer": "The line manager's."}
    response = client.post(url, stale, **AUTOSAVE)
    assert response.status_code == 409
    assert response.json() == {
        "conflict": True,
        "version": 2,
        "saved": {f"item-{item.pk}-answer": "The SENDCo's."},
    }
    # Without JavaScript: both versions shown, the typed one kept in the form.
    response = client.post(url, stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "was saved somewhere else since you opened it" in page
    assert "The SENDCo&#x27;s." in page and "The line manager&#x27;s." in page
    assert f'name="item-{item.pk}-version" value="2"' in page
    item.refresh_from_db()
    assert item.answer == "The SENDCo's."


def test_too_long_an_answer_is_refused_next_to_the_field(cast, client) -> None:
    item = _item(_open(cast), "Have the autumn profile reviews")
    client.force_login(cast.slt)
    data = {f"item-{item.pk}-version": "1", f"item-{item.pk}-answer": "x" * 5001}
    response = client.post(reverse("reports:checklist_answer", args=[item.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "at most 5000 characters" in page
    response = client.post(reverse("reports:checklist_answer", args=[item.pk]), data, **AUTOSAVE)
    assert response.status_code == 400


# Actions -----------------------------------------------------------------------------


def test_actions_added_edited_and_done(cast, client) -> None:
    checklist = _open(cast)
    client.force_login(cast.slt)
    response = client.post(
        reverse("reports:checklist_action_add", args=[checklist.pk]),
        {
            "new-action-text": "Book the educational psychologist",
            "new-action-owner": str(cast.sendco.pk),
            "new-action-due_on": "2025-12-05",
        },
    )
    assert response.status_code == 302
    action = ChecklistAction.objects.get()
    assert (action.owner, action.due_on, action.done_on) == (cast.sendco, date(2025, 12, 5), None)
    prefix = f"action-{action.pk}"
    response = client.post(
        reverse("reports:checklist_action", args=[action.pk]),
        {
            f"{prefix}-version": "1",
            f"{prefix}-text": "Book the educational psychologist for two days",
            f"{prefix}-owner": str(cast.slt.pk),
            f"{prefix}-due_on": "2025-12-12",
            f"{prefix}-done": "on",
            "shown_on": str(checklist.pk),
        },
        **AUTOSAVE,
    )
    assert response.json()["done_on"] == "2025-11-20"
    action.refresh_from_db()
    assert (action.owner, action.done_on, action.version) == (cast.slt, TODAY, 2)


def test_an_action_owner_is_one_of_the_schools_staff(cast, client) -> None:
    checklist = _open(cast)
    client.force_login(cast.slt)
    for outsider in (cast.other_sendco, cast.governor):
        response = client.post(
            reverse("reports:checklist_action_add", args=[checklist.pk]),
            {"new-action-text": "Plan the visits", "new-action-owner": str(outsider.pk)},
        )
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not ChecklistAction.objects.exists()


def test_an_action_saved_meanwhile_is_a_conflict(cast, client) -> None:
    checklist = _open(cast)
    action = action_add(checklist=checklist, text="Plan", owner=None, due_on=None, user=cast.slt)
    url = reverse("reports:checklist_action", args=[action.pk])
    prefix = f"action-{action.pk}"
    client.force_login(cast.sendco)
    client.post(url, {f"{prefix}-version": "1", f"{prefix}-text": "Plan the Year 6 visits"})
    client.force_login(cast.slt)
    response = client.post(
        url, {f"{prefix}-version": "1", f"{prefix}-text": "Plan the open evening"}, **AUTOSAVE
    )
    assert response.status_code == 409
    assert response.json()["saved"][f"{prefix}-text"] == "Plan the Year 6 visits"
    action.refresh_from_db()
    assert action.text == "Plan the Year 6 visits"


# Reads and queries ------------------------------------------------------------------


def test_the_checklist_reads_no_pupils_record(cast, client) -> None:
    """Its evidence is counts: opening it writes nothing to the audit of reading."""
    plan_pupil = make_pupil(cast.school)
    make_ehc_plan(plan_pupil, issued_on=date(2024, 1, 10))
    make_concern(cast.pupil, raised_by=cast.teacher)
    make_event(cast.school, day=TODAY, kind=Kind.ANNUAL_REVIEW, pupil=plan_pupil)
    make_event(cast.school, day=date(2025, 11, 3), kind=Kind.REVIEW_PAPERS, pupil=plan_pupil)
    client.force_login(cast.slt)
    response = client.get(URL)
    page = response.content.decode()
    assert "EHC annual reviews overdue" in page
    assert "Late: annual review papers out" in page
    assert not RecordRead.objects.exists()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_checklist_page_queries_do_not_grow_with_actions(cast, client) -> None:
    earlier = _open(cast, 1)
    checklist = _open(cast)
    client.force_login(cast.slt)
    action_add(checklist=checklist, text="One", owner=cast.sendco, due_on=None, user=cast.slt)
    _queries(client, URL)  # the first opening syncs the bank
    few = _queries(client, URL)
    staff = [make_user(cast.school, Role.TEACHER) for _ in range(5)]
    for n, owner in enumerate(staff * 3):
        on = earlier if n % 2 else checklist
        action_add(checklist=on, text=f"Action {n}", owner=owner, due_on=TODAY, user=cast.slt)
    # Answers by several people, and questions retired after they were answered.
    for n, item in enumerate(checklist.items.order_by("pk")[:6]):
        item_answer_save(item=item, answer=f"Answer {n}", user=staff[n % 5], base_version=1)
        if n % 2:
            question_retire(question=item.question)
    _queries(client, URL)  # brings the bank's changes in (the items below move up)
    assert _queries(client, URL) == few


def test_list_of_checklists_paginates_with_constant_queries(cast, client) -> None:
    _open(cast, 1)
    client.force_login(cast.slt)
    few = _queries(client, reverse("reports:checklists"))
    for year in range(2018, 2025):
        for number in range(1, 7):
            Checklist.objects.create(
                school=cast.school,
                school_year=year,
                half_term=number,
                starts_on=date(year, 9, 1),
                ends_on=date(year, 9, 2),
            )
    assert _queries(client, reverse("reports:checklists")) == few
    page = client.get(reverse("reports:checklists")).content.decode()
    assert "Page 1 of 4" in page
