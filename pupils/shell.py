"""Pupils in the menu, the classroom staff's home and the register panels."""

from __future__ import annotations

from pupils import dashboard
from pupils.access import RATE_READERS, pupils_for
from pupils.queries import register_counts
from schools.models import Role, User
from schools.roles import CLASSROOM_STAFF, RECORD_KEEPERS, SEND_LEADERS
from sendit.lib.shell import HomeClaim, NavItem, Panel

SECTION = "Pupils"

NAV = [
    NavItem("My classes", "pupils:my_classes", CLASSROOM_STAFF, SECTION, order=100),
    NavItem("SEND register", "pupils:register", SEND_LEADERS, SECTION, order=110),
    NavItem("Teaching groups", "pupils:groups", SEND_LEADERS, SECTION, order=120),
    NavItem("Provision", "pupils:interventions", SEND_LEADERS, SECTION, order=130),
    NavItem("Provision grid", "pupils:provision_grid", SEND_LEADERS, SECTION, order=131),
    NavItem("Provision costs", "pupils:provision_costs", SEND_LEADERS, SECTION, order=132),
    NavItem("Impact of provision", "pupils:provision_impact", SEND_LEADERS, SECTION, order=133),
    NavItem("Hourly rates", "pupils:staff_rates", RATE_READERS, SECTION, order=134),
    NavItem("Concerns", "pupils:concerns", (Role.SENDCO,), SECTION, order=140),
    NavItem("Raise a concern", "pupils:concern_create", CLASSROOM_STAFF, SECTION, order=150),
    NavItem("My concerns", "pupils:my_concerns", CLASSROOM_STAFF, SECTION, order=160),
    NavItem("Import", "pupils:import", RECORD_KEEPERS, SECTION, order=170),
]
HOMES = [
    HomeClaim(Role.TEACHER, "pupils:my_classes", priority=40),
    HomeClaim(Role.TA, "pupils:my_classes", priority=50),
]


def panels(user: User) -> list[Panel]:
    if not user.has_role(Role.SENDCO):
        return []
    register = Panel(
        title="The SEND register",
        template="pupils/dashboard_register.html",
        context={"counts": register_counts(pupils_for(user))},
        order=0,
    )
    return [register, *dashboard.panels(user)]
