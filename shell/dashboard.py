"""The SENDCo dashboard is made of panels, one or more per app.

Each app's ``shell.py`` may have ``panels(user) -> list[Panel]``; the
dashboard view shows them in order. Keeping the panels in their apps lets
each app add what the SENDCo must act on without touching this one.
"""

from __future__ import annotations

from schools.models import User
from sendit.lib.shell import Panel
from shell.discovery import declarations


def _panels(user: User) -> list[Panel]:
    panels: list[Panel] = []
    for source in declarations().panel_sources:
        panels.extend(source(user))
    return sorted(panels, key=lambda panel: panel.order)


def dashboard_panels(user: User) -> list[Panel]:
    return [panel for panel in _panels(user) if not panel.classroom]


def classroom_panels(user: User) -> list[Panel]:
    """The panels for teachers and teaching assistants, shown on My classes."""
    return [panel for panel in _panels(user) if panel.classroom]
