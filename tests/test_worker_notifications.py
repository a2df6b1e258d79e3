"""A real Celery worker on the broker sends a notification's email once, however often
the task is queued."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Kind, Notification
from notifications.services import notification_send
from notifications.tasks import send_notification_email
from schools.models import Role
from tests.factories import make_school, make_user
from tests.test_worker import real_worker  # noqa: F401 (the fixture)

pytestmark = pytest.mark.worker


def test_the_worker_emails_a_notification_once(transactional_db, real_worker) -> None:  # noqa: F811
    mail.outbox = []
    school = make_school()
    teacher = make_user(school, Role.TEACHER)
    notification = notification_send(
        recipient=teacher,
        kind=Kind.CONCERN_DECIDED,
        title="A concern you raised has been decided",
        url=reverse("pupils:my_concerns"),
        event_key="worker-test",
        school=school,
    )  # queued on commit: autocommit here
    send_notification_email.delay(notification.pk)  # a redelivery, say
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.emailed_at is not None and len(mail.outbox) >= 1:
            break
        time.sleep(0.2)
    time.sleep(1)  # let the second task run too
    assert notification.emailed_at is not None, "the worker did not send the email in 30s"
    assert [m.to for m in mail.outbox] == [[teacher.email]]
    assert Notification.objects.count() == 1
