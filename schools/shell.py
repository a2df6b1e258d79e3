"""The school's settings in the menu, and the school admin's home."""

from __future__ import annotations

from django.utils import timezone

from schools.models import Role, User
from schools.roles import RECORD_KEEPERS, SEND_LEADERS
from schools.terms import year_holding
from sendit.lib.shell import HomeClaim, NavItem, Panel

SETTINGS = "School settings"

NAV = [
    NavItem("School settings", "schools:settings", RECORD_KEEPERS, SETTINGS, order=400),
    NavItem("Staff and roles", "schools:staff", RECORD_KEEPERS, SETTINGS, order=410),
    NavItem("Term dates", "schools:term_years", RECORD_KEEPERS, SETTINGS, order=415),
    NavItem("Roles to confirm", "schools:role_grants", SEND_LEADERS, SETTINGS, order=420),
]
# Everyone signed in: two-step sign-in (required for some roles, schools/mfa.py)
# and the list of their signed-in devices.
ACCOUNT = [
    NavItem("Two-step sign-in", "mfa_index", (), "", order=10),
    NavItem("Your signed-in devices", "schools:devices", (), "Account", order=200),
]
HOMES = [HomeClaim(Role.SCHOOL_ADMIN, "schools:settings", priority=30)]


def panels(user: User) -> list[Panel]:
    """While this year runs on the usual dates, the SENDCo is asked to have them entered."""
    if not user.has_role(Role.SENDCO) or user.school_id is None:
        return []
    year = year_holding(user.school_id, timezone.localdate())
    if year.entered:
        return []
    return [Panel("Term dates", "schools/term_dates_panel.html", {"term_year": year}, order=5)]
