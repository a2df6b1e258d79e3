"""This app's panel on the SENDCo dashboard (declared in this app's shell.py).

The panel only lays out figures from ``feedback.queries``.
"""

from __future__ import annotations

from feedback.queries import feedback_follow_up_for
from schools.models import Role, User
from sendit.lib.shell import Panel


def panels(user: User) -> list[Panel]:
    if not user.has_role(Role.SENDCO):
        return []
    return [
        Panel(
            title="Walk feedback",
            template="feedback/dashboard_panel.html",
            context=feedback_follow_up_for(user).as_context(),
            order=40,
        )
    ]
