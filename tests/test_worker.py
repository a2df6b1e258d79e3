"""A real Celery worker on the configured broker runs our task end to end."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from schools.models import BackgroundJob, Role
from schools.services import job_queue_worker_check
from sendit.celery import app as celery_app
from tests.factories import make_school, make_user

pytestmark = pytest.mark.worker


@pytest.fixture
def real_worker():
    if not settings.CELERY_BROKER_URL:
        reason = "no broker configured (set CELERY_BROKER_URL to run against a real worker)"
        print(f"SKIPPED: {reason}")
        pytest.skip(reason)
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield
    finally:
        celery_app.conf.task_always_eager = True


def test_worker_completes_a_task_that_writes_to_the_database(transactional_db, real_worker):
    school = make_school()
    admin = make_user(school, Role.SCHOOL_ADMIN)
    job = job_queue_worker_check(requested_by=admin)  # queued on commit: autocommit here
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == BackgroundJob.Status.DONE:
            break
        time.sleep(0.2)
    assert job.status == BackgroundJob.Status.DONE, f"job still {job.status} after 30s"
    assert job.worker  # the worker's hostname, set by the task in the worker
    print(f"worker {job.worker} completed job {job.pk} via {settings.CELERY_BROKER_URL}")
