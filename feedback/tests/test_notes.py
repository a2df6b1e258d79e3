from __future__ import annotations

from django.urls import reverse

from feedback.models import FeedbackReply, StrategyCheck
from feedback.tests.conftest import completed, released
from schools.models import Role
from tests.factories import make_group, make_visit, make_walk


def url(feedback) -> str:
    return reverse("feedback:note", kwargs={"pk": feedback.pk})


def test_the_teacher_reads_the_released_record_and_feedback(client, cast, setup) -> None:
    observation = completed(setup.visit, cast.sendco)
    StrategyCheck.objects.create(
        observation=observation, pupil=cast.pupil, strategy=setup.strategies[0], result="seen"
    )
    feedback = released(observation)
    client.force_login(cast.teacher)
    response = client.get(url(feedback))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Try mini whiteboards for a quick check" in page  # the feedback
    assert "Check understanding before independent work" in page  # the even better if
    # The teacher teaches the class, so sees which pupil the strategy is for.
    assert cast.pupil.full_name in page and "Sit near the front" in page


def test_unreleased_or_another_teachers_note_is_404(client, cast, setup) -> None:
    feedback = released(completed(setup.visit, cast.sendco))
    client.force_login(cast.teacher2)
    assert client.get(url(feedback)).status_code == 404
    feedback.status = "draft"
    feedback.save()
    client.force_login(cast.teacher)
    assert client.get(url(feedback)).status_code == 404
    for role in (Role.SENDCO, Role.SLT, Role.TA, Role.GOVERNOR):
        client.force_login(cast.by_role(role))
        assert client.get(url(feedback)).status_code == 404
    client.logout()
    assert client.get(url(feedback)).status_code == 302


def test_acknowledge_reply_and_share(client, cast, setup) -> None:
    feedback = released(completed(setup.visit, cast.sendco))
    client.force_login(cast.teacher)
    client.post(url(feedback), {"action": "acknowledge"})
    client.post(url(feedback), {"action": "reply", "text": "Thanks, I will try it on Monday"})
    client.post(url(feedback), {"action": "share", "strength": "Modelled the first example"})
    feedback.refresh_from_db()
    assert feedback.acknowledged_at is not None
    assert feedback.shared_strength == "Modelled the first example"
    reply = FeedbackReply.objects.get()
    assert (reply.author, reply.text) == (cast.teacher, "Thanks, I will try it on Monday")
    # The teacher can share only a strength that is in the note.
    client.post(url(feedback), {"action": "share", "strength": "Something invented"})
    feedback.refresh_from_db()
    assert feedback.shared_strength == "Modelled the first example"
    # The SENDCo sees the reply on the released note and answers it.
    client.force_login(cast.sendco)
    draft_url = reverse("feedback:draft", kwargs={"observation_pk": feedback.observation_id})
    assert "I will try it on Monday" in client.get(draft_url).content.decode()
    client.post(draft_url, {"action": "reply", "text": "Shall I bring whiteboards?"})
    assert feedback.replies.count() == 2


def test_an_empty_reply_shows_the_error_summary(client, cast, setup) -> None:
    feedback = released(completed(setup.visit, cast.sendco))
    client.force_login(cast.teacher)
    page = client.post(url(feedback), {"action": "reply", "text": ""}).content.decode()
    assert "There is a problem" in page
    assert not FeedbackReply.objects.exists()


def test_my_classes_lists_only_my_released_notes(
    client, cast, setup, django_assert_max_num_queries
) -> None:
    mine = released(completed(setup.visit, cast.sendco))
    theirs = released(completed(setup.visit2, cast.sendco))
    client.force_login(cast.teacher)
    page = client.get(reverse("pupils:my_classes")).content.decode()
    assert url(mine) in page and url(theirs) not in page
    client.force_login(cast.teacher2)
    page = client.get(reverse("pupils:my_classes")).content.decode()
    assert url(theirs) in page and url(mine) not in page


def test_walk_notes_tag_query_count_stays_flat(cast, setup, django_assert_max_num_queries) -> None:
    from django.template import Context, Template

    template = Template("{% load feedback_tags %}{% my_new_walk_notes user %}")
    released(completed(setup.visit, cast.sendco))
    assert cast.teacher.membership  # in a request the middleware has read it already
    with django_assert_max_num_queries(1):
        template.render(Context({"user": cast.teacher}))
    for _ in range(10):
        walk = make_walk(cast.school, observers=[cast.sendco])
        released(completed(make_visit(walk, cast.group, teacher=cast.teacher), cast.sendco))
    with django_assert_max_num_queries(1):
        html = template.render(Context({"user": cast.teacher}))
    assert html.count("/feedback/notes/") == 11 + 1  # and the link to them all


def test_good_practice_shows_shared_strengths_without_names(
    client, cast, setup, django_assert_max_num_queries
) -> None:
    feedback = released(completed(setup.visit, cast.sendco))
    feedback.agree_to_share("Calm start with clear routines")
    released(completed(setup.visit2, cast.sendco))  # not agreed: not shown
    for _ in range(10):
        walk = make_walk(cast.school, observers=[cast.sendco])
        group = make_group(cast.school, teachers=[cast.teacher2])
        released(completed(make_visit(walk, group), cast.sendco)).agree_to_share("Shared idea")
    client.force_login(cast.ta)
    # 8, and one insert of the audit of reading (the notes are parts of observations).
    # +1 unread count in the header, +1 "observes?" (menu), +1 the active membership
    with django_assert_max_num_queries(12):
        response = client.get(reverse("feedback:good_practice"))
    page = response.content.decode()
    assert "Calm start with clear routines" in page
    assert page.count("Shared idea") == 10
    for name in (cast.teacher.last_name, cast.teacher2.last_name, cast.group.code):
        assert name not in page
    client.force_login(cast.governor)
    assert client.get(reverse("feedback:good_practice")).status_code == 404


def test_a_second_observers_record_reaches_the_teacher_only_once_released(
    client, cast, setup
) -> None:
    feedback = released(completed(setup.visit, cast.sendco))
    second = completed(setup.visit, cast.slt, strengths="Seen by the second observer")
    client.force_login(cast.teacher)
    page = client.get(url(feedback)).content.decode()
    assert "Seen by the second observer" not in page  # not yet released to the teacher
    released(second)
    page = client.get(url(feedback)).content.decode()
    assert "Seen by the second observer" in page
    assert cast.slt.display_name in page
