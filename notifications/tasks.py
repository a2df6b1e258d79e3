from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from notifications.services import notification_email_send


@shared_task(
    ignore_result=True,
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=6,
)
def send_notification_email(notification_id: int) -> None:
    """Email one notification; idempotent, so a retry or redelivery sends nothing twice."""
    notification_email_send(notification_id=notification_id)
