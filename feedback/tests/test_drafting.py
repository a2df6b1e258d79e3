from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from feedback.models import BeforeVisitDay, Feedback, JudgementalWord
from feedback.services import feedback_release
from feedback.tests.conftest import completed
from schools.models import Role
from tests.factories import make_observation


def url(observation) -> str:
    return reverse("feedback:draft", kwargs={"observation_pk": observation.pk})


def confirm(client, observation, **extra: str):
    """Accept the release confirmation: the second submit, for the version confirmed."""
    feedback = Feedback.objects.get(observation=observation)
    data = {"version": feedback.version, "override_reason": "", **extra}
    return client.post(reverse("feedback:release", kwargs={"observation_pk": observation.pk}), data)


def good(version: int, **extra: str) -> dict:
    data = {
        "version": version,
        "strengths": "Warm welcome at the door\nClear modelling",
        "points_to_develop": "Check understanding before independent work",
        "next_step": "Try one hinge question before pupils start",
        "provision": "time",
        "provide_by": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "override_reason": "",
    }
    data.update(extra)
    return data


def test_the_draft_is_built_from_the_observation_with_the_coach(client, cast, setup) -> None:
    observation = completed(setup.visit, cast.slt, even_better_if="One\nTwo\nThree")
    client.force_login(cast.sendco)
    response = client.get(url(observation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Calm start with clear routines" in page
    assert "Three" in page  # still shown from the observation, beside the draft
    assert "records a conversation" in page  # the reminder
    assert "Write one supportive next step." in page
    assert not Feedback.objects.exists()  # nothing saved until the SENDCo saves


def test_the_observer_drafts_their_own_and_nobody_else_can(client, cast, setup) -> None:
    observation = completed(setup.visit, cast.slt)
    client.force_login(cast.slt)
    assert client.get(url(observation)).status_code == 200
    other = completed(setup.visit, cast.sendco)
    assert client.get(url(other)).status_code == 404
    for role in (Role.TEACHER, Role.TA, Role.GOVERNOR, Role.SCHOOL_ADMIN):
        client.force_login(cast.by_role(role))
        assert client.get(url(observation)).status_code == 404
    client.logout()
    assert client.get(url(observation)).status_code == 302


def test_an_observation_still_in_draft_has_no_feedback_page(client, cast, setup) -> None:
    client.force_login(cast.sendco)
    assert client.get(url(make_observation(setup.visit, cast.sendco))).status_code == 404


def test_save_then_release_a_passing_draft(client, cast, setup) -> None:
    observation = completed(setup.visit, cast.sendco)
    client.force_login(cast.sendco)
    assert client.post(url(observation), good(0, action="save")).status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.version, feedback.status, feedback.drafted_by) == (1, "draft", cast.sendco)
    # Releasing asks first, saying who will read what; nothing goes yet.
    response = client.post(url(observation), good(1, action="release"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"The teacher, {cast.teacher.display_name}, will read this note" in page
    assert "every record of the visit" in page
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.DRAFT
    response = client.post(
        reverse("feedback:release", kwargs={"observation_pk": observation.pk}),
        {"version": feedback.version},
        follow=True,
    )
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.RELEASED and feedback.released_by == cast.sendco
    page = response.content.decode()
    assert "Released feedback" in page and "Send reply" in page


def test_a_confirmation_for_an_older_version_releases_nothing(client, cast, setup) -> None:
    observation = completed(setup.visit, cast.sendco)
    client.force_login(cast.sendco)
    client.post(url(observation), good(0, action="release"))  # confirmation shown for version 1
    client.post(url(observation), good(1, action="save", next_step="Another step, with time"))
    response = client.post(
        reverse("feedback:release", kwargs={"observation_pk": observation.pk}),
        {"version": 1},
        follow=True,
    )
    assert "changed after you confirmed" in response.content.decode()
    assert Feedback.objects.get().status == Feedback.Status.DRAFT


@pytest.mark.parametrize(
    "change",
    [
        {"points_to_develop": "One\nTwo\nThree", "strengths": "A\nB\nC\nD"},
        {"next_step": "Your plenary was poor: try a hinge question"},
    ],
    ids=["three points", "judgemental word"],
)
def test_a_flagged_draft_needs_a_reason_to_release(client, cast, setup, change) -> None:
    observation = completed(setup.visit, cast.sendco)
    client.force_login(cast.sendco)
    response = client.post(url(observation), good(0, action="release", **change))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "write why it should be released" in page
    feedback = Feedback.objects.get()
    assert feedback.status == Feedback.Status.DRAFT  # saved, not released
    response = client.post(
        url(observation),
        good(feedback.version, action="release", override_reason="Talked it through", **change),
    )
    assert response.status_code == 200 and "Talked it through" in response.content.decode()
    assert confirm(client, observation, override_reason="Talked it through").status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.RELEASED
    assert feedback.override_reason == "Talked it through"


def test_the_coach_flags_the_schools_own_words(client, cast, setup) -> None:
    JudgementalWord.objects.create(school=cast.school, word="chaotic", suggestion="Describe it")
    observation = completed(setup.visit, cast.sendco, strengths="A chaotic but lively start")
    client.force_login(cast.sendco)
    page = client.get(url(observation)).content.decode()
    assert "<strong>chaotic</strong>: Describe it" in page


def test_a_stale_draft_save_shows_both_versions(client, cast, setup) -> None:
    observation = completed(setup.visit, cast.sendco)
    client.force_login(cast.sendco)
    client.post(url(observation), good(0, action="save", next_step="First tab step"))
    response = client.post(url(observation), good(0, action="save", next_step="Second tab step"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "First tab step" in page and "Second tab step" in page
    assert Feedback.objects.get().next_step == "First tab step"


def test_words_page_adds_and_removes_words(client, cast) -> None:
    client.force_login(cast.sendco)
    page = client.get(reverse("feedback:words")).content.decode()
    assert "disappointing" in page
    response = client.post(reverse("feedback:words"), {"word": "  Sloppy ", "suggestion": ""})
    assert response.status_code == 302
    word = JudgementalWord.objects.get(school=cast.school, word="sloppy")
    assert '<th scope="row">sloppy</th>' in client.get(reverse("feedback:words")).content.decode()
    client.post(reverse("feedback:word_remove", kwargs={"pk": word.pk}))
    word.refresh_from_db()
    assert not word.is_active
    assert (
        '<th scope="row">sloppy</th>' not in client.get(reverse("feedback:words")).content.decode()
    )
    client.post(reverse("feedback:words"), {"word": "sloppy", "suggestion": "Be specific"})
    word.refresh_from_db()
    assert word.is_active and word.suggestion == "Be specific"
    # Another school's words are out of reach.
    other = JudgementalWord.objects.create(school=cast.other_school, word="messy")
    assert client.post(reverse("feedback:word_remove", kwargs={"pk": other.pk})).status_code == 404
    for role in (Role.SLT, Role.TEACHER, Role.GOVERNOR):
        client.force_login(cast.by_role(role))
        assert client.get(reverse("feedback:words")).status_code == 404


def test_the_coach_rechecks_what_is_typed_without_saving(client, cast, setup) -> None:
    observation = completed(setup.visit, cast.sendco)
    coach_url = reverse("feedback:coach", kwargs={"observation_pk": observation.pk})
    client.force_login(cast.sendco)
    response = client.post(coach_url, good(0, points_to_develop="One\nTwo\nThree"))
    page = response.content.decode()
    assert "Keep to at most 2 points to work on (now 3)" in page
    assert 'hx-swap-oob="innerHTML"' in page and "to look at" in page
    assert "All checks pass" in client.post(coach_url, good(0)).content.decode()
    assert not Feedback.objects.exists()
    client.force_login(cast.slt)  # not the observer
    assert client.post(coach_url, good(0)).status_code == 404
    client.force_login(cast.sendco)
    assert client.get(coach_url).status_code == 405


# Only staff observers write to the teacher, and not before the visit's day --------------


def test_a_governor_observer_cannot_draft_or_release_feedback(client, cast, setup) -> None:
    setup.visit.observers.add(cast.governor)
    observation = completed(setup.visit, cast.governor)
    coach_url = reverse("feedback:coach", kwargs={"observation_pk": observation.pk})
    client.force_login(cast.governor)
    assert client.get(url(observation)).status_code == 404
    assert client.post(url(observation), good(0, action="save")).status_code == 404
    assert client.post(url(observation), good(0, action="release")).status_code == 404
    assert client.post(coach_url, good(0)).status_code == 404
    assert not Feedback.objects.exists()
    # The SENDCo (staff) may turn the governor's record into the note.
    client.force_login(cast.sendco)
    assert client.get(url(observation)).status_code == 200


def test_the_model_refuses_a_release_by_someone_who_is_not_staff(cast, setup) -> None:
    feedback = Feedback.objects.create(
        observation=completed(setup.visit, cast.sendco), strengths="A\nB"
    )
    with pytest.raises(PermissionError):
        feedback.release(by=cast.governor)
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.DRAFT


def test_nothing_is_drafted_or_released_before_the_visits_day(client, cast, setup) -> None:
    # A record wrongly completed ahead of its visit (as older versions allowed).
    visit_day = timezone.localdate() + timedelta(days=90)
    setup.visit.starts_at = timezone.make_aware(datetime.combine(visit_day, time(9, 0)))
    setup.visit.save()
    observation = completed(setup.visit, cast.sendco)
    client.force_login(cast.sendco)
    assert client.get(url(observation)).status_code == 404
    feedback = Feedback.objects.create(
        observation=observation,
        strengths="A\nB",
        points_to_develop="C",
        next_step="D",
        provision="time",
        provide_by=visit_day,
    )
    with pytest.raises(BeforeVisitDay, match="release feedback from the day of the visit"):
        feedback_release(feedback=feedback, user=cast.sendco)
    with pytest.raises(BeforeVisitDay):
        feedback.release(by=cast.sendco)
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.DRAFT
    # On the day itself (frozen at 08:00 school time) it goes.
    with time_machine.travel(setup.visit.starts_at - timedelta(hours=1), tick=False):
        client.force_login(cast.sendco)  # 90 days on: the first session has long ended
        assert client.get(url(observation)).status_code == 200
        response = client.post(url(observation), good(1, action="release", provide_by=""))
        feedback.refresh_from_db()
        assert feedback.status == Feedback.Status.DRAFT  # the coach asks for a date
        response = client.post(
            url(observation),
            good(feedback.version, action="release", provide_by=visit_day.isoformat()),
        )
        assert response.status_code == 200
        assert confirm(client, observation).status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.RELEASED
