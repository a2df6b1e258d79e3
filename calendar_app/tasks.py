from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from calendar_app.digest import dates_due_digest_send
from calendar_app.generate import calendar_generate_all


@shared_task(ignore_result=True)
def send_dates_due_digest() -> None:
    """Daily (beat): the SEND team's next seven days and what is overdue; a second
    run that day sends nothing."""
    dates_due_digest_send()


@shared_task(ignore_result=True)
def generate_calendars() -> None:
    """Nightly (beat): every school's generated dates brought in line with their sources."""
    calendar_generate_all(today=timezone.localdate())
