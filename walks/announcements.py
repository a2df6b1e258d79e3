"""The email that tells all staff about an announced walk (sent by the worker)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from schools.models import User
from walks.models import LearningWalk


def announcement_recipients(*, walk: LearningWalk) -> QuerySet[User]:
    return User.objects.in_school(walk.school_id).filter(is_active=True).exclude(email="")


def walk_announcement_send(*, walk: LearningWalk, upcoming_url: str) -> int:
    """Email every member of staff (and governor) the walk's dates, purpose and focus.

    Names no class and no teacher: the announcement is the same for everyone.
    Returns how many emails were sent; a walk already emailed sends none.
    """
    with transaction.atomic():
        walk = LearningWalk.objects.select_for_update().get(pk=walk.pk)
        if walk.announcement_emailed_at is not None:
            return 0
        walk.announcement_emailed_at = timezone.now()
        walk.save(update_fields=["announcement_emailed_at"])
    context = {
        "walk": walk,
        "school": walk.school,
        "focus_areas": list(walk.focus_areas.all()),
        "upcoming_url": upcoming_url,
    }
    subject = render_to_string("walks/email/announcement_subject.txt", context).strip()
    body = render_to_string("walks/email/announcement_body.txt", context)
    messages = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        for email in announcement_recipients(walk=walk).values_list("email", flat=True)
    ]
    with get_connection() as connection:
        connection.send_messages(messages)
    return len(messages)
