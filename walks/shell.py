"""Walks in the menu and the walks-to-announce panel."""

from __future__ import annotations

from schools.models import Role
from schools.roles import LEADERS_AND_GOVERNORS
from sendit.lib.shell import NavItem
from walks.dashboard import panels

SECTION = "Walks"

NAV = [
    NavItem("Walks", "walks:programme", LEADERS_AND_GOVERNORS, SECTION, order=200),
    NavItem("Upcoming walks", "walks:upcoming", tuple(Role), SECTION, order=210),
]

__all__ = ["NAV", "SECTION", "panels"]
