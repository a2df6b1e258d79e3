from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from feedback.models import BeforeVisitDay, FocusEvidence, JudgementalWord, Observation
from feedback.services import judgemental_words_ensure_defaults
from feedback.tests.conftest import completed, released
from schools.models import Role
from tests.factories import make_observation, make_user, make_visit, make_walk

AUTOSAVE = {"HTTP_X_AUTOSAVE": "1"}
LONDON = ZoneInfo("Europe/London")


def url(setup) -> str:
    return reverse("feedback:capture", kwargs={"visit_pk": setup.visit.pk})


def form_data(setup, version: int = 0, **extra: str) -> dict:
    a, b = setup.focus
    data = {
        "version": version,
        "strengths": "Warm welcome",
        "even_better_if": "",
        "notes": "",
        f"focus-{a.pk}-rating": "seen",
        f"focus-{a.pk}-note": "Steps on the board",
        f"focus-{b.pk}-rating": "",
        f"focus-{b.pk}-note": "",
        f"strategy-{setup.strategies[0].pk}": "seen",
    }
    data.update(extra)
    return data


def test_observer_opens_the_form_and_gets_their_own_record(client, cast, setup) -> None:
    client.force_login(cast.sendco)
    response = client.get(url(setup))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Scaffolding for all" in page and "Is work broken into steps?" in page
    assert "Sit near the front" in page
    assert cast.pupil.full_name in page
    assert 'aria-live="polite"' in page
    assert "Enter the room" in page
    assert 'name="version" value="0"' in page


def test_opening_the_page_makes_no_record_and_the_first_autosave_does(client, cast, setup) -> None:
    client.force_login(cast.sendco)
    for _ in range(2):
        assert client.get(url(setup)).status_code == 200
    assert not Observation.objects.exists()
    response = client.post(url(setup), form_data(setup, version=0), **AUTOSAVE)
    assert response.status_code == 200 and response.json()["version"] == 1
    observation = Observation.objects.get()
    assert (observation.observer, observation.strengths) == (cast.sendco, "Warm welcome")
    # The version check holds from the first save: a second tab that also
    # opened the page before the record existed is told, not overwriting it.
    response = client.post(url(setup), form_data(setup, strengths="Other tab"), **AUTOSAVE)
    assert response.status_code == 409 and response.json()["saved"]["strengths"] == "Warm welcome"
    assert Observation.objects.get().strengths == "Warm welcome"


@pytest.mark.parametrize("role", [Role.TEACHER, Role.TA, Role.GOVERNOR, Role.SCHOOL_ADMIN])
def test_anyone_not_observing_the_visit_gets_404(client, cast, setup, role: str) -> None:
    client.force_login(cast.by_role(role))
    assert client.get(url(setup)).status_code == 404
    assert client.post(url(setup), form_data(setup)).status_code == 404


def test_sign_in_is_required_and_an_autosave_is_not_accepted_without_it(client, setup) -> None:
    response = client.get(url(setup))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    response = client.post(url(setup), form_data(setup), **AUTOSAVE)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_governor_observer_sees_learners_without_names(client, cast, setup) -> None:
    governor = make_user(cast.school, Role.GOVERNOR)
    setup.visit.observers.add(governor)
    client.force_login(governor)
    page = client.get(url(setup)).content.decode()
    assert "Learner A" in page
    assert cast.pupil.full_name not in page
    assert cast.pupil.legal_last_name not in page


def test_autosave_answers_json_with_the_new_version(client, cast, setup) -> None:
    client.force_login(cast.sendco)
    client.get(url(setup))
    response = client.post(url(setup), form_data(setup), **AUTOSAVE)
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True and body["version"] == 1 and ":" in body["saved_at"]
    observation = Observation.objects.get(visit=setup.visit, observer=cast.sendco)
    assert observation.strengths == "Warm welcome"
    assert FocusEvidence.objects.get(observation=observation).note == "Steps on the board"
    assert observation.strategy_checks.get().result == "seen"


def test_a_stale_autosave_gets_409_with_the_saved_values(client, cast, setup) -> None:
    client.force_login(cast.sendco)
    client.get(url(setup))
    client.post(url(setup), form_data(setup, strengths="From tab one"), **AUTOSAVE)
    response = client.post(url(setup), form_data(setup, strengths="From tab two"), **AUTOSAVE)
    assert response.status_code == 409
    body = response.json()
    assert body["conflict"] is True and body["version"] == 1
    assert body["saved"]["strengths"] == "From tab one"
    assert Observation.objects.get(observer=cast.sendco).strengths == "From tab one"


def test_without_javascript_a_conflict_shows_both_versions_and_keeps_the_typing(
    client, cast, setup
) -> None:
    client.force_login(cast.sendco)
    client.get(url(setup))
    client.post(url(setup), form_data(setup, strengths="From tab one"))
    response = client.post(url(setup), form_data(setup, strengths="From tab two"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "saved somewhere else" in page
    assert "From tab one" in page and "From tab two" in page
    # The form now carries the current version: saving again is a deliberate merge.
    assert 'name="version" value="1"' in page
    assert Observation.objects.get(observer=cast.sendco).strengths == "From tab one"
    response = client.post(url(setup), form_data(setup, version=1, strengths="Merged"))
    assert response.status_code == 302
    assert Observation.objects.get(observer=cast.sendco).strengths == "Merged"


def test_plain_save_redirects_back_with_a_message(client, cast, setup) -> None:
    client.force_login(cast.slt)
    client.get(url(setup))
    response = client.post(url(setup), form_data(setup), follow=True)
    assert response.redirect_chain[-1][0] == url(setup)
    assert "Saved" in response.content.decode()
    assert "Warm welcome" in response.content.decode()


def test_two_observers_keep_separate_records(client, cast, setup) -> None:
    for observer, text in ((cast.sendco, "SENDCo saw"), (cast.slt, "SLT saw")):
        client.force_login(observer)
        client.get(url(setup))
        assert (
            client.post(url(setup), form_data(setup, strengths=text), **AUTOSAVE).status_code == 200
        )
    assert Observation.objects.get(observer=cast.sendco).strengths == "SENDCo saw"
    assert Observation.objects.get(observer=cast.slt).strengths == "SLT saw"


def test_enter_the_room_starts_the_clock_once(client, cast, setup) -> None:
    client.force_login(cast.sendco)
    client.get(url(setup))
    first = client.post(url(setup), {"action": "enter"}, **AUTOSAVE).json()["entered_room_at"]
    second = client.post(url(setup), {"action": "enter"}, **AUTOSAVE).json()["entered_room_at"]
    assert first == second
    observation = Observation.objects.get(observer=cast.sendco)
    assert observation.entered_room_at is not None and observation.version == 0
    assert "In the room since" in client.get(url(setup)).content.decode()


def test_complete_saves_and_marks_the_record_complete(client, cast, setup) -> None:
    client.force_login(cast.sendco)
    client.get(url(setup))
    response = client.post(url(setup), form_data(setup, action="complete"))
    assert response.status_code == 302
    assert response.url == reverse("feedback:my_observations")
    observation = Observation.objects.get(observer=cast.sendco)
    assert observation.is_completed and observation.completed_at is not None


def test_a_record_released_to_the_teacher_is_locked(client, cast, setup) -> None:
    released(completed(setup.visit, cast.sendco, strengths="Released text"))
    client.force_login(cast.sendco)
    page = client.get(url(setup)).content.decode()
    assert "can no longer be changed" in page
    response = client.post(url(setup), form_data(setup, version=1), **AUTOSAVE)
    assert response.status_code == 409 and response.json()["locked"]
    assert Observation.objects.get(observer=cast.sendco).strengths == "Released text"


def test_my_observations_lists_my_visits_in_few_queries(
    client, cast, setup, django_assert_max_num_queries
) -> None:
    client.force_login(cast.sendco)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("feedback:my_observations"))
    assert setup.visit.group.code in response.content.decode()
    walk = make_walk(cast.school, observers=[cast.sendco])
    from tests.factories import make_group

    for _ in range(20):
        visit = make_visit(walk, make_group(cast.school, teachers=[cast.teacher2]))
        make_observation(visit, cast.sendco)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("feedback:my_observations"))
    assert response.content.decode().count("Capture<span") >= 20


def test_my_observations_does_not_list_visits_i_do_not_observe(client, cast, setup) -> None:
    client.force_login(cast.teacher)
    response = client.get(reverse("feedback:my_observations"))
    assert response.status_code == 200
    assert setup.visit.group.code not in response.content.decode()


def test_leaders_read_all_observations_and_others_get_404(
    client, cast, setup, django_assert_max_num_queries
) -> None:
    observation = completed(setup.visit, cast.sendco, notes="Private jotting")
    from tests.factories import make_group

    for _ in range(15):
        visit = make_visit(setup.walk, make_group(cast.school, teachers=[cast.teacher2]))
        completed(visit, cast.slt)
    client.force_login(cast.slt)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("feedback:observations"))
    assert response.status_code == 200
    detail = client.get(reverse("feedback:observation", kwargs={"pk": observation.pk}))
    assert detail.status_code == 200 and "Private jotting" in detail.content.decode()
    for role in (Role.TEACHER, Role.TA, Role.GOVERNOR):
        client.force_login(cast.by_role(role))
        assert client.get(reverse("feedback:observations")).status_code == 404
        detail = client.get(reverse("feedback:observation", kwargs={"pk": observation.pk}))
        assert detail.status_code == 404


def test_the_walk_page_links_observers_to_their_captures(client, cast, setup) -> None:
    setup.visit2.observers.set([cast.sendco])
    client.force_login(cast.slt)
    page = client.get(reverse("walks:walk", kwargs={"pk": setup.walk.pk})).content.decode()
    assert reverse("feedback:capture", kwargs={"visit_pk": setup.visit.pk}) in page
    assert reverse("feedback:capture", kwargs={"visit_pk": setup.visit2.pk}) not in page


def test_line_breaks_are_stored_as_the_page_reads_them(client, cast, setup) -> None:
    client.force_login(cast.sendco)
    client.get(url(setup))
    client.post(url(setup), form_data(setup, strengths="One\r\nTwo"), **AUTOSAVE)
    assert Observation.objects.get(observer=cast.sendco).strengths == "One\nTwo"


def test_my_observations_puts_todays_and_coming_visits_first(client, cast, setup) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_group, make_visit, make_walk

    now = timezone.now()
    past = make_walk(
        cast.school, observers=[cast.sendco], starts_on=(now - timedelta(days=30)).date()
    )
    later = make_walk(
        cast.school, observers=[cast.sendco], starts_on=(now + timedelta(days=9)).date()
    )
    soon = make_walk(
        cast.school, observers=[cast.sendco], starts_on=(now + timedelta(days=2)).date()
    )
    old = make_visit(past, make_group(cast.school, teachers=[cast.teacher2]))
    far = make_visit(later, make_group(cast.school, teachers=[cast.teacher2]))
    near = make_visit(soon, make_group(cast.school, teachers=[cast.teacher2]))
    client.force_login(cast.sendco)
    listed = list(client.get(reverse("feedback:my_observations")).context["page"].object_list)
    order = [visit.pk for visit in listed if visit.pk in {old.pk, far.pk, near.pk}]
    assert order == [near.pk, far.pk, old.pk]


# Not before the visit's day (school time) ------------------------------------------


VISIT_AT = datetime(2026, 6, 15, 0, 30, tzinfo=LONDON)  # 23:30 UTC on the 14th


@pytest.fixture
def early_visit(cast, setup):
    """A visit just after midnight, school time (BST), observed by the SENDCo and a governor."""
    setup.visit.starts_at = VISIT_AT
    setup.visit.save()
    setup.visit.observers.add(cast.governor)
    return setup.visit


@pytest.mark.parametrize("observer", ["sendco", "governor"])
def test_nobody_captures_before_the_visits_day(client, cast, setup, early_visit, observer) -> None:
    client.force_login(getattr(cast, observer))
    # 23:59 in London the evening before the visit.
    with time_machine.travel(datetime(2026, 6, 14, 23, 59, tzinfo=LONDON), tick=False):
        response = client.get(url(setup))
        page = response.content.decode()
        assert response.status_code == 200
        assert "You can capture from the day of the visit, Monday 15 June 2026." in page
        assert "Save and mark as complete" not in page and "Enter the room" not in page
        assert "data-closed" in page
        assert "Scaffolding for all" in page  # the focus can be read ahead
        for action in ("save", "complete", "enter"):
            response = client.post(url(setup), form_data(setup, action=action), follow=True)
            assert "You can capture from the day of the visit" in response.content.decode()
            response = client.post(url(setup), form_data(setup, action=action), **AUTOSAVE)
            assert response.status_code == 409 and "15 June 2026" in response.json()["not_yet"]
    assert not Observation.objects.exists()
    # From the first minute of the day, school time (still the 14th in UTC), it opens.
    with time_machine.travel(datetime(2026, 6, 15, 0, 1, tzinfo=LONDON), tick=False):
        assert "You can capture" not in client.get(url(setup)).content.decode()
        response = client.post(url(setup), form_data(setup), **AUTOSAVE)
        assert response.status_code == 200
    assert Observation.objects.get().observer == getattr(cast, observer)


def test_a_record_cannot_be_completed_before_the_visits_day(cast, setup, early_visit) -> None:
    observation = make_observation(early_visit, cast.sendco, strengths="Calm start")
    with time_machine.travel(datetime(2026, 6, 14, 12, 0, tzinfo=LONDON), tick=False):
        with pytest.raises(BeforeVisitDay, match="Monday 15 June 2026"):
            observation.complete()
        with pytest.raises(BeforeVisitDay):
            observation.enter_room()
    observation.refresh_from_db()
    assert observation.status == Observation.Status.DRAFT and observation.entered_room_at is None


# The coach in the capture form ----------------------------------------------------------

POOR = "The lesson was poor and disappointing; pupils were lazy"


def test_the_form_reminds_and_flags_judgemental_words_from_the_schools_list(
    client, cast, setup
) -> None:
    judgemental_words_ensure_defaults(school=cast.school)
    JudgementalWord.objects.create(school=cast.school, word="chaotic", suggestion="Say what")
    make_observation(setup.visit, cast.sendco, strengths=POOR, even_better_if="A chaotic end")
    client.force_login(cast.sendco)
    response = client.get(url(setup))
    page = response.content.decode()
    assert "The teacher reads this record." in page
    # Without JavaScript the saved wording is flagged under its field...
    flags = response.context["form"].flags
    assert {f.word for f in flags["strengths"]} == {"poor", "lazy", "disappointing"}
    assert [f.word for f in flags["even_better_if"]] == ["chaotic"]
    assert 'id="flags-strengths" role="status" aria-live="polite"' in page
    assert "<strong>lazy</strong>: Describe the behaviour you saw, not the person." in page
    # ...and capture.js gets the same list, with the fields to check.
    assert 'id="judgemental-words"' in page and '"word": "chaotic"' in page
    assert 'data-coach-check="flags-strengths"' in page
    assert 'data-coach-check="flags-notes"' not in page  # the observer's own notes


def test_completing_with_flagged_words_needs_a_reason(client, cast, setup) -> None:
    client.force_login(cast.sendco)
    a = setup.focus[0]
    data = form_data(setup, action="complete", strengths=POOR, **{f"focus-{a.pk}-note": "Weak"})
    response = client.post(url(setup), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    message = "Some wording may read as a judgement (“disappointing”, “lazy”, “poor”, “weak”)"
    assert page.count(message) == 2  # next to the field and in the summary
    assert 'href="#id_wording_reason"' in page
    assert POOR in page and 'name="version" value="1"' in page  # nothing typed is lost
    observation = Observation.objects.get()
    assert observation.strengths == POOR and observation.status == Observation.Status.DRAFT
    # With a reason it completes, and the SENDCo reads the reason.
    reason = "Quoting what the pupils said, agreed with the teacher"
    response = client.post(url(setup), {**data, "version": 1, "wording_reason": reason})
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.is_completed and observation.wording_reason == reason
    page = client.get(reverse("feedback:observation", args=[observation.pk])).content.decode()
    assert reason in page and "<strong>lazy</strong>" in page
    draft = client.get(reverse("feedback:draft", args=[observation.pk])).content.decode()
    assert reason in draft


def test_completing_plain_wording_needs_no_reason_and_keeps_none(client, cast, setup) -> None:
    client.force_login(cast.sendco)
    data = form_data(setup, action="complete", wording_reason="Left over from a flagged draft")
    assert client.post(url(setup), data).status_code == 302
    observation = Observation.objects.get()
    assert observation.is_completed and observation.wording_reason == ""


# Governors record; staff write to the teacher -------------------------------------------


def test_a_governor_observer_completes_a_record_but_is_not_offered_feedback(
    client, cast, setup
) -> None:
    setup.visit.observers.add(cast.governor)
    client.force_login(cast.governor)
    assert client.post(url(setup), form_data(setup, action="complete")).status_code == 302
    observation = Observation.objects.get(observer=cast.governor)
    assert observation.is_completed
    page = client.get(reverse("feedback:my_observations")).content.decode()
    assert "Open the record" in page
    assert reverse("feedback:draft", args=[observation.pk]) not in page
