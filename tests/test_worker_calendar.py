"""The SEND team's daily digest with a real worker and a real beat on the broker:
however often beat fires that day, each person gets one digest and one email."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from celery.beat import EmbeddedService
from django.conf import settings
from django.core import mail
from django.utils import timezone

from calendar_app.models import Kind as EventKind
from calendar_app.tests.factories import make_event
from notifications.models import Kind, Notification
from schools.models import Role
from sendit.celery import app as celery_app
from tests.factories import make_pupil, make_school, make_user
from tests.test_worker import real_worker  # noqa: F401 (the fixture)

pytestmark = pytest.mark.worker

TASK = "calendar_app.tasks.send_dates_due_digest"


def test_the_schedule_sends_the_digest_every_morning() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["dates-due-digest"]
    assert entry["task"] == TASK
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {30}
    assert settings.CELERY_BEAT_SCHEDULE["generate-calendars"]["task"] == (
        "calendar_app.tasks.generate_calendars"
    )


@pytest.fixture
def beat_every_second(tmp_path):
    """Beat with the digest due every second instead of every morning: it fires
    several times while the test waits, as a restarted or doubled beat would."""
    saved = celery_app.conf.beat_schedule
    celery_app.conf.beat_schedule = {"dates-due-digest": {"task": TASK, "schedule": 1.0}}
    beat = EmbeddedService(
        celery_app,
        thread=True,
        max_interval=0.5,
        schedule_filename=str(tmp_path / "beat-schedule"),
    )
    beat.start()
    try:
        yield beat
    finally:
        beat.stop()
        celery_app.conf.beat_schedule = saved


def test_beat_firing_again_and_again_sends_one_digest_a_day(
    transactional_db,
    real_worker,  # noqa: F811
    beat_every_second,
) -> None:
    mail.outbox = []
    school = make_school()
    sendco = make_user(school, Role.SENDCO)
    deputy = make_user(school, Role.SENDCO)
    teacher = make_user(school, Role.TEACHER)
    pupil = make_pupil(school)
    today = timezone.localdate()
    make_event(school, day=today + timedelta(days=1), kind=EventKind.ANNUAL_REVIEW, pupil=pupil)
    make_event(school, day=today + timedelta(days=2), title="Training", for_staff=True)

    # Wait for several beats, each run by the worker.
    def runs() -> int:
        return beat_every_second.service.scheduler.schedule["dates-due-digest"].total_run_count

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (len(mail.outbox) >= 2 and runs() >= 4):
        time.sleep(0.25)
    time.sleep(1.5)  # and a last beat or two after that
    assert runs() >= 4, f"beat fired {runs()} times in 30s"
    digests = Notification.objects.filter(kind=Kind.DATES_DUE)
    assert sorted(digests.values_list("recipient_id", flat=True)) == sorted([sendco.pk, deputy.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([sendco.email, deputy.email])
    assert all(n.emailed_at is not None for n in digests)
    assert not Notification.objects.filter(recipient=teacher).exists()
    assert "1 annual review date, 1 other date" in digests.first().title
    print(f"beat fired {runs()} times; {digests.count()} digests, {len(mail.outbox)} emails")
