from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.access import notifications_for


def unread(request: HttpRequest) -> dict[str, object]:
    """The unread count for the header: one query, and only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.school_id is None:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: notifications_for(user).filter(read_at__isnull=True).count()
        )
    }
