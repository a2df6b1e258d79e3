from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from kombu import Connection

from schools.models import BackgroundJob, User


def job_queue_worker_check(*, requested_by: User) -> BackgroundJob:
    """Queue a job that a worker completes by writing to the database.

    Used by the school admin's "check the worker" button and by the test that
    proves a real worker runs our tasks on the configured broker.
    """
    from schools.tasks import check_worker

    job = BackgroundJob.objects.create(
        school_id=requested_by.school_id, kind="worker_check", requested_by=requested_by
    )
    transaction.on_commit(lambda: check_worker.delay(job.pk))
    return job


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not ok"; the message says why
        return f"error: {type(exc).__name__}"
    return "ok"


def broker_status() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "not configured (tasks run in-process)"
    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"
