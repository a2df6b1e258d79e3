"""A person's own notifications in the school they work in now; nobody else's."""

from __future__ import annotations

from django.db.models import QuerySet

from notifications.models import Notification
from schools.models import User
from sendit.lib.access import school_id_of


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, school_id=school_id_of(user))
