from __future__ import annotations

from celery import shared_task

from calendar_app.digest import dates_due_digest_send


@shared_task(ignore_result=True)
def send_dates_due_digest() -> None:
    """Daily (beat): the SENDCo's dates due within a week; a second run that day sends nothing."""
    dates_due_digest_send()
