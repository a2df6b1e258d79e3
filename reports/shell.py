"""Reports in the menu, and the homes of SLT and governors."""

from __future__ import annotations

from schools.models import Role
from schools.roles import LEADERS_AND_GOVERNORS, SEND_LEADERS
from sendit.lib.shell import HomeClaim, NavItem

SECTION = "Reports"

NAV = [
    NavItem("Termly reports", "reports:home", SEND_LEADERS, SECTION, order=300),
    NavItem("Governor summaries", "reports:summaries", LEADERS_AND_GOVERNORS, SECTION, order=310),
    NavItem("Line-management checklist", "reports:checklist", SEND_LEADERS, SECTION, order=320),
]
HOMES = [
    HomeClaim(Role.SLT, "reports:home", priority=20),
    HomeClaim(Role.GOVERNOR, "reports:summaries", priority=60),
]
