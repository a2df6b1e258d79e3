"""The SENDCo releases a note after confirming; the teacher sees the count in the
header and opens the note from the notification, in real Chromium."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from feedback.models import Feedback, Observation
from notifications.models import Notification
from schools.models import Role
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.factories import (
    PASSWORD,
    make_group,
    make_observation,
    make_pupil,
    make_school,
    make_user,
    make_visit,
    make_walk,
)
from walks.models import LearningWalk


def test_release_confirm_then_the_teacher_opens_it_from_the_badge(
    live_server, browser, transactional_db
) -> None:
    school = make_school("Browser Academy")
    sendco = make_user(school, Role.SENDCO, email="sendco@browser.test")
    teacher = make_user(
        school, Role.TEACHER, email="teacher@browser.test", first_name="Dana", last_name="Hill"
    )
    group = make_group(school, teachers=[teacher], pupils=[make_pupil(school)])
    walk = make_walk(
        school, observers=[sendco], state=LearningWalk.State.COMPLETED, title="Spring walk"
    )
    visit = make_visit(walk, group, teacher=teacher)
    observation = make_observation(
        visit,
        sendco,
        strengths="Calm start\nClear modelling",
        even_better_if="Check understanding",
        status=Observation.Status.COMPLETED,
        completed_at=timezone.now(),
    )
    Feedback.objects.create(
        observation=observation,
        strengths="Calm start with a visible routine\nClear modelling",
        points_to_develop="Check understanding",
        next_step="Try a hinge question before independent work",
        provision="time",
        provide_by=timezone.localdate() + timedelta(days=14),
    )
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, sendco.email, PASSWORD)
    page.goto(
        live_server.url + reverse("feedback:draft", kwargs={"observation_pk": observation.pk})
    )
    page.get_by_role("button", name="Release to the teacher").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Release this note?")
    expect(page.get_by_role("main")).to_contain_text(
        f"The teacher, {teacher.display_name}, will read this note and every record of the visit"
    )
    assert_no_axe_violations(page)
    assert Feedback.objects.get().status == Feedback.Status.DRAFT
    page.get_by_role("button", name=f"Release to {teacher.display_name}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Released feedback")
    context.close()

    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, teacher.email, PASSWORD)
    badge = page.get_by_role("link", name=re.compile(r"^Notifications 1 unread"))
    expect(badge).to_be_visible()
    badge.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("Feedback on your lesson")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Walk note")
    expect(page.get_by_role("main")).to_contain_text("Calm start with a visible routine")
    assert Notification.objects.get(recipient=teacher).is_read
    expect(page.get_by_role("link", name=re.compile(r"^Notifications$"))).to_be_visible()
    page.goto(live_server.url + reverse("notifications:preferences"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Email preferences")
    assert_no_axe_violations(page)
    page.get_by_label("Feedback on a visit to your class is released").uncheck()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    expect(page.get_by_label("Feedback on a visit to your class is released")).not_to_be_checked()
    context.close()
