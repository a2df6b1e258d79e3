"""The SENDCo dashboard is made of panels, one or more per app.

Each app's ``dashboard.py`` has ``panels(user) -> list[Panel]``; the
dashboard view shows them in order. Keeping the panels in their apps lets
each app add what the SENDCo must act on without touching this one.
"""

from __future__ import annotations

from importlib import import_module

from schools.models import User
from sendit.lib.shell import Panel

PANEL_APPS = ["pupils", "walks", "feedback"]


def dashboard_panels(user: User) -> list[Panel]:
    panels: list[Panel] = []
    for app in PANEL_APPS:
        module = import_module(f"{app}.dashboard")
        panels.extend(module.panels(user))
    return sorted(panels, key=lambda panel: panel.order)
