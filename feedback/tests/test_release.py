"""Releasing asks first and tells the teacher once; a released note is corrected or
withdrawn, never silently changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from feedback.models import Feedback, FeedbackVersion
from feedback.queries import picture_build
from feedback.services import feedback_release
from feedback.tests.conftest import completed, released
from notifications.models import Kind, Notification
from notifications.tasks import send_notification_email
from walks.models import LearningWalk

# A phrase only the note holds: it must never reach an email.
DISTINCTIVE = "Zebra-striped hinge questions"


def draft_url(observation) -> str:
    return reverse("feedback:draft", kwargs={"observation_pk": observation.pk})


def draft_data(version: int, **extra: str) -> dict:
    data = {
        "version": version,
        "strengths": f"{DISTINCTIVE} at the start\nClear modelling",
        "points_to_develop": "Check understanding before independent work",
        "next_step": "Try one hinge question before pupils start",
        "provision": "time",
        "provide_by": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "override_reason": "",
    }
    data.update(extra)
    return data


def release_through_the_pages(client, observation):
    response = client.post(draft_url(observation), draft_data(0, action="release"))
    assert response.status_code == 200  # the confirmation, not the release
    feedback = Feedback.objects.get(observation=observation)
    assert feedback.status == Feedback.Status.DRAFT
    return client.post(
        reverse("feedback:release", kwargs={"observation_pk": observation.pk}),
        {"version": feedback.version},
    )


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox


def test_releasing_asks_first_then_emails_the_teacher_once(
    client, cast, setup, outbox, django_capture_on_commit_callbacks
) -> None:
    observation = completed(setup.visit, cast.sendco)
    client.force_login(cast.sendco)
    response = client.post(draft_url(observation), draft_data(0, action="release"))
    page = response.content.decode()
    assert f"The teacher, {cast.teacher.display_name}, will read this note" in page
    assert not Notification.objects.exists() and outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        feedback = Feedback.objects.get()
        response = client.post(
            reverse("feedback:release", kwargs={"observation_pk": observation.pk}),
            {"version": feedback.version},
        )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.is_released
    assert len(outbox) == 1
    email = outbox[0]
    assert email.to == [cast.teacher.email]
    assert "Autumn walk" in email.subject
    assert setup.visit.starts_at.strftime("%Y") in email.subject
    assert DISTINCTIVE not in email.subject + email.body
    assert "Clear modelling" not in email.body
    assert cast.pupil.legal_first_name not in email.subject + email.body
    # Releasing again, or the task running again, sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        feedback_release(feedback=feedback, user=cast.sendco)
        client.post(
            reverse("feedback:release", kwargs={"observation_pk": observation.pk}),
            {"version": feedback.version},
        )
    notification = Notification.objects.get(recipient=cast.teacher)
    send_notification_email.delay(notification.pk)
    send_notification_email.delay(notification.pk)
    assert len(outbox) == 1
    assert Notification.objects.count() == 1


def test_the_teacher_sees_the_count_and_opens_the_note(client, cast, setup) -> None:
    observation = completed(setup.visit, cast.sendco)
    client.force_login(cast.sendco)
    release_through_the_pages(client, observation)
    feedback = Feedback.objects.get()
    client.force_login(cast.teacher)
    page = client.get(reverse("pupils:my_classes")).content.decode()
    assert 'Notifications <span class="badge text-bg-primary">1</span>' in page
    listing = client.get(reverse("notifications:list")).content.decode()
    notification = Notification.objects.get(recipient=cast.teacher)
    assert "Feedback on your lesson" in listing and DISTINCTIVE not in listing
    response = client.get(reverse("notifications:open", kwargs={"pk": notification.pk}))
    assert response.url == reverse("feedback:note", kwargs={"pk": feedback.pk})
    assert DISTINCTIVE in client.get(response.url).content.decode()
    notification.refresh_from_db()
    assert notification.is_read
    page = client.get(reverse("pupils:my_classes")).content.decode()
    assert 'class="badge text-bg-primary"' not in page


def test_a_correction_keeps_both_versions_and_tells_the_teacher(
    client, cast, setup, outbox, django_capture_on_commit_callbacks
) -> None:
    observation = completed(setup.visit, cast.sendco)
    feedback = released(observation, strengths=f"{DISTINCTIVE}\nWarm welcome")
    client.force_login(cast.sendco)
    correct = reverse("feedback:correct", kwargs={"observation_pk": observation.pk})
    assert client.get(correct).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            correct, draft_data(feedback.version, strengths="Warm welcome\nCalm routines")
        )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.strengths == "Warm welcome\nCalm routines" and feedback.corrected_at
    earlier = FeedbackVersion.objects.get(feedback=feedback)
    assert DISTINCTIVE in earlier.strengths
    assert [n.kind for n in Notification.objects.filter(recipient=cast.teacher)] == [
        Kind.FEEDBACK_CHANGED
    ]
    assert len(outbox) == 1 and "corrected" in outbox[0].subject
    assert DISTINCTIVE not in outbox[0].body and "Calm routines" not in outbox[0].body
    client.force_login(cast.teacher)
    page = client.get(reverse("feedback:note", kwargs={"pk": feedback.pk})).content.decode()
    assert f"Corrected on {timezone.localdate():%-d %B %Y}" in page
    assert "Calm routines" in page and DISTINCTIVE in page  # the earlier wording, kept


def test_a_stale_correction_changes_nothing(client, cast, setup) -> None:
    observation = completed(setup.visit, cast.sendco)
    feedback = released(observation, version=3)
    client.force_login(cast.sendco)
    response = client.post(
        reverse("feedback:correct", kwargs={"observation_pk": observation.pk}),
        draft_data(2, strengths="Something else\nAnd more"),
    )
    assert response.status_code == 200 and "changed since you opened" in response.content.decode()
    assert not FeedbackVersion.objects.exists()
    feedback.refresh_from_db()
    assert feedback.corrected_at is None


def test_a_withdrawal_shows_the_reason_to_the_teacher(client, cast, setup) -> None:
    observation = completed(setup.visit, cast.sendco)
    feedback = released(
        observation, share_agreed_at=timezone.now(), shared_strength="Calm start with routines"
    )
    client.force_login(cast.sendco)
    withdraw = reverse("feedback:withdraw", kwargs={"observation_pk": observation.pk})
    response = client.post(withdraw, {"reason": "  "})
    assert "Write why the note is withdrawn." in response.content.decode()
    response = client.post(withdraw, {"reason": "It was written about another lesson."})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.is_withdrawn and feedback.share_agreed_at is None
    assert Notification.objects.filter(recipient=cast.teacher, kind=Kind.FEEDBACK_CHANGED).count()
    client.force_login(cast.teacher)
    page = client.get(reverse("feedback:note", kwargs={"pk": feedback.pk})).content.decode()
    assert "This note was withdrawn" in page
    assert "It was written about another lesson." in page
    assert "Calm start with clear routines" not in page  # the note itself is gone
    assert (
        "Calm start with routines"
        not in client.get(reverse("feedback:good_practice")).content.decode()
    )
    # Nothing more to correct or withdraw.
    client.force_login(cast.sendco)
    assert client.get(withdraw).status_code == 404
    correct = reverse("feedback:correct", kwargs={"observation_pk": observation.pk})
    assert client.get(correct).status_code == 404


def test_only_those_who_may_draft_correct_or_withdraw(client, cast, setup) -> None:
    observation = completed(setup.visit, cast.sendco)
    released(observation)
    for name in ("feedback:correct", "feedback:withdraw"):
        url = reverse(name, kwargs={"observation_pk": observation.pk})
        for user in (cast.teacher, cast.teacher2, cast.slt, cast.governor, cast.other_sendco):
            client.force_login(user)
            assert client.get(url).status_code == 404, (name, user)
            assert client.post(url, {"reason": "x"}).status_code == 404, (name, user)
    # A draft (not yet released) has nothing to correct or withdraw.
    draft = completed(setup.visit2, cast.sendco)
    Feedback.objects.create(observation=draft, strengths="A\nB")
    client.force_login(cast.sendco)
    for name in ("feedback:correct", "feedback:withdraw"):
        assert client.get(reverse(name, kwargs={"observation_pk": draft.pk})).status_code == 404


def test_withdrawn_notes_and_future_visits_are_out_of_the_picture(cast, setup) -> None:
    kept = completed(setup.visit, cast.sendco)
    gone = completed(setup.visit2, cast.sendco)
    released(kept)
    note = released(gone)
    walks = LearningWalk.objects.filter(pk=setup.walk.pk)
    assert picture_build(walks=walks, anonymise=False).observations == 2
    note.withdraw(by=cast.sendco, reason="Wrong class")
    assert picture_build(walks=walks, anonymise=False).observations == 1
    # A record of a visit whose day has not come (moved later) counts for nothing yet.
    setup.visit.starts_at = timezone.now() + timedelta(days=30)
    setup.visit.save()
    assert picture_build(walks=walks, anonymise=False).observations == 0


def test_a_teachers_reply_tells_the_observer_and_the_sendco(
    client, cast, setup, outbox, django_capture_on_commit_callbacks
) -> None:
    observation = completed(setup.visit, cast.slt)
    feedback = released(observation)
    client.force_login(cast.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("feedback:note", kwargs={"pk": feedback.pk}),
            {"action": "reply", "text": f"{DISTINCTIVE}: thank you"},
        )
    assert response.status_code == 302
    told = Notification.objects.filter(kind=Kind.FEEDBACK_REPLY)
    assert {n.recipient for n in told} == {cast.slt, cast.sendco}
    assert sorted(m.to[0] for m in outbox) == sorted([cast.slt.email, cast.sendco.email])
    assert all(DISTINCTIVE not in m.body and DISTINCTIVE not in m.subject for m in outbox)
    # The SENDCo answering on the released page is no news to themselves.
    client.force_login(cast.sendco)
    client.post(draft_url(observation), {"action": "reply", "text": "Happy to talk"})
    assert told.count() == 2
