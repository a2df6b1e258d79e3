"""The shell's own entry: the SENDCo's dashboard."""

from __future__ import annotations

from schools.models import Role
from sendit.lib.shell import HomeClaim, NavItem

NAV = [NavItem("Dashboard", "shell:dashboard", (Role.SENDCO,), "Dashboard", order=0)]
HOMES = [HomeClaim(Role.SENDCO, "shell:dashboard", priority=10)]
