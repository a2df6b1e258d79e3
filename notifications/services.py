"""Telling people: the in-app item at once, the email through the worker after the commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from notifications.models import EmailPreference, Kind, Notification
from schools.models import Role, School, User


def email_wanted(*, user: User, kind: str) -> bool:
    """Whether the person still wants this kind of email (the in-app item always comes)."""
    if not user.is_active or not user.email:
        return False
    return not EmailPreference.objects.filter(user=user, kind=kind, send_email=False).exists()


def notification_send(
    *,
    recipient: User,
    kind: str,
    title: str,
    url: str,
    event_key: str,
    school: School | int | None = None,
) -> Notification:
    """Tell one person about one event, once: a second call with the same event_key
    makes nothing and sends nothing. The email is queued after the commit, and
    only when the person has not turned that kind off."""
    school_id = school.pk if isinstance(school, School) else school or recipient.school_id
    if school_id is None:
        raise ValueError("A notification belongs to a school: pass one for a person with none.")
    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        event_key=event_key,
        defaults={"school_id": school_id, "kind": kind, "title": title[:200], "url": url},
    )
    if created and email_wanted(user=recipient, kind=kind):
        from notifications.tasks import send_notification_email

        # celery-types 0.26 does not know Task.delay_on_commit (Celery 5.4+).
        send_notification_email.delay_on_commit(notification.pk)  # type: ignore[attr-defined]
    return notification


def sendcos_of(school: School | int) -> QuerySet[User]:
    """The school's SENDCos who still work there."""
    return User.objects.in_school(school, Role.SENDCO).filter(is_active=True)


def notify_sendcos(
    *, school: School | int, kind: str, title: str, url: str, event_key: str, besides: User | None
) -> list[Notification]:
    """Tell every SENDCo of the school (but not ``besides``, who did the thing)."""
    sendcos = sendcos_of(school)
    if besides is not None:
        sendcos = sendcos.exclude(pk=besides.pk)
    return [
        notification_send(
            recipient=sendco, kind=kind, title=title, url=url, event_key=event_key, school=school
        )
        for sendco in sendcos
    ]


def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification unless it has been emailed already; True when sent now.

    The stamp is checked and set under a row lock and only kept if the email
    went: an SMTP error rolls it back for the task to retry.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        recipient = notification.recipient
        if not email_wanted(user=recipient, kind=notification.kind):
            return False
        context = {
            "notification": notification,
            "recipient": recipient,
            "link": site_url(reverse("notifications:open", kwargs={"pk": notification.pk})),
            "preferences": site_url(reverse("notifications:preferences")),
        }
        body = render_to_string("notifications/email/body.txt", context)
        subject = f"sendit: {notification.title}"
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email]).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def notifications_mark_all_read(*, notifications: QuerySet[Notification]) -> int:
    return notifications.filter(read_at__isnull=True).update(read_at=timezone.now())


def email_preferences_of(user: User) -> dict[str, bool]:
    """Every kind of email and whether the person gets it."""
    off = set(
        EmailPreference.objects.filter(user=user, send_email=False).values_list("kind", flat=True)
    )
    return {kind: kind not in off for kind in Kind.values}


def email_preferences_save(*, user: User, wanted: dict[str, bool]) -> None:
    for kind, send in wanted.items():
        EmailPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"send_email": send}
        )
