"""The school's settings in the menu, and the school admin's home."""

from __future__ import annotations

from schools.models import Role
from schools.roles import RECORD_KEEPERS, SEND_LEADERS
from sendit.lib.shell import HomeClaim, NavItem

SETTINGS = "School settings"

NAV = [
    NavItem("School settings", "schools:settings", RECORD_KEEPERS, SETTINGS, order=400),
    NavItem("Staff and roles", "schools:staff", RECORD_KEEPERS, SETTINGS, order=410),
    NavItem("Roles to confirm", "schools:role_grants", SEND_LEADERS, SETTINGS, order=420),
]
HOMES = [HomeClaim(Role.SCHOOL_ADMIN, "schools:settings", priority=30)]
