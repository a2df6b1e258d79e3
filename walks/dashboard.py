"""This app's panels on the SENDCo dashboard (declared in this app's shell.py)."""

from __future__ import annotations

from django.utils import timezone

from schools.models import User
from schools.roles import SEND_LEADERS
from sendit.lib.shell import Panel
from walks.queries import walks_to_announce


def panels(user: User) -> list[Panel]:
    if not user.has_role(*SEND_LEADERS):
        return []
    today = timezone.localdate()
    late = list(walks_to_announce(user, today=today))
    if not late:
        return []
    return [
        Panel(
            title="Walks to announce",
            template="walks/dashboard_announce.html",
            context={"walks": late, "today": today},
            order=20,
        )
    ]
