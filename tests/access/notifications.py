from __future__ import annotations

from django.urls import reverse

from notifications.models import Kind
from notifications.services import notification_send
from schools.models import Role
from tests.access import ANY_ROLE, Entry, roles


def _theirs(cast) -> dict:
    """The school admin's own: every other role (and the other school) gets 404."""
    return {
        "pk": notification_send(
            recipient=cast.school_admin,
            kind=Kind.CONCERN_DECIDED,
            title="A concern you raised has been decided",
            url=reverse("home"),
            event_key="matrix-admin",
            school=cast.school,
        ).pk
    }


ENTRIES: dict[str, Entry] = {
    # Everyone has their own list; nobody reaches another person's items.
    "notifications:list": Entry(roles=ANY_ROLE),
    "notifications:preferences": Entry(roles=ANY_ROLE),
    "notifications:read_all": Entry(roles=ANY_ROLE, method="post", ok=frozenset({302})),
    "notifications:open": Entry(
        roles=roles(Role.SCHOOL_ADMIN), kwargs=_theirs, ok=frozenset({302})
    ),
    "notifications:read": Entry(
        roles=roles(Role.SCHOOL_ADMIN), kwargs=_theirs, method="post", ok=frozenset({302})
    ),
}
