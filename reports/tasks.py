"""The report worker's tasks. They take ids, are idempotent and acknowledged late.

``generate_document`` makes one document (reports.services.document_make):
a redelivered message for a finished document does nothing; one that
arrives while another worker's lease holds waits and tries again; passing
errors (the database or broker away for a moment) are retried with backoff
and, once retries run out, the document fails with a reason. The soft time
limit turns into a failure people can read; the hard limit stops the task.
"""

from __future__ import annotations

import logging
import socket
from datetime import timedelta

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from reports import services

log = logging.getLogger(__name__)

PASSING = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
MAX_RETRIES = 5


def _worker() -> str:
    return f"{socket.gethostname()}:{__import__('os').getpid()}"


@shared_task(
    bind=True,
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def generate_document(self: Task, document_id: int) -> str:
    try:
        outcome = services.document_make(document_id=document_id, worker=_worker())
    except SoftTimeLimitExceeded:
        minutes = max(1, settings.CELERY_TASK_SOFT_TIME_LIMIT // 60)
        services.document_fail(
            document_id=document_id,
            reason=f"Making the document took longer than {minutes} minutes, the limit.",
        )
        return "failed"
    except PASSING as error:
        if self.request.retries >= MAX_RETRIES:
            services.document_fail(
                document_id=document_id,
                reason="The database or the queue kept failing while the document was made. "
                "Try again in a few minutes.",
            )
            return "failed"
        log.warning("report %s: passing error, retrying: %s", document_id, error)
        services.document_release(document_id=document_id)
        raise self.retry(exc=error, countdown=min(600, 10 * 2**self.request.retries)) from error
    if outcome == services.BUSY:
        # Another worker holds the lease (a duplicate delivery, or one that died):
        # look again once it has run out.
        raise self.retry(countdown=services.lease_length().total_seconds() + 5, max_retries=None)
    return outcome


@shared_task(ignore_result=True)
def requeue_stale_documents() -> int:
    return services.requeue_stale(older_than=timedelta(minutes=15))


@shared_task(ignore_result=True)
def make_termly_reports() -> int:
    """Once a term has ended, make its termly report for every school and tell SLT."""
    from reports.schedule import termly_reports_make

    return termly_reports_make(today=timezone.localdate())
