from __future__ import annotations

import pytest
from django.urls import reverse

from feedback.models import FocusEvidence, Observation
from feedback.tests.conftest import completed, released
from schools.models import Role
from tests.factories import make_observation, make_user, make_visit, make_walk

AUTOSAVE = {"HTTP_X_AUTOSAVE": "1"}


def url(setup) -> str:
    return reverse("feedback:capture", kwargs={"visit_pk": setup.visit.pk})


def form_data(setup, version: int = 1, **extra: str) -> dict:
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
    assert Observation.objects.filter(visit=setup.visit, observer=cast.sendco).count() == 1


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
    assert body["saved"] is True and body["version"] == 2 and ":" in body["saved_at"]
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
    assert body["conflict"] is True and body["version"] == 2
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
    assert 'name="version" value="2"' in page
    assert Observation.objects.get(observer=cast.sendco).strengths == "From tab one"
    response = client.post(url(setup), form_data(setup, version=2, strengths="Merged"))
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
    assert observation.entered_room_at is not None and observation.version == 1
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
