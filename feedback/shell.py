"""Feedback's pages in the menu (in the Walks section) and its panel."""

from __future__ import annotations

from feedback.access import visits_to_observe
from feedback.dashboard import panels
from schools.models import Role, User
from schools.roles import ALL_STAFF, LEADERS_AND_GOVERNORS, OBSERVERS, SEND_LEADERS
from sendit.lib.shell import NavItem

SECTION = "Walks"


def observes_something(user: User) -> bool:
    """ "My observations" is for the SENDCo and SLT, and for anyone down to
    observe at least one visit (one exists() query per page)."""
    return user.has_role(*SEND_LEADERS) or visits_to_observe(user).exists()


NAV = [
    NavItem("Walk notes", "feedback:walk_notes", (Role.TEACHER,), SECTION, order=215),
    NavItem(
        "My observations",
        "feedback:my_observations",
        OBSERVERS,
        SECTION,
        order=220,
        shown=observes_something,
    ),
    NavItem("Whole-school picture", "feedback:picture", LEADERS_AND_GOVERNORS, SECTION, order=230),
    NavItem("Walk reports", "feedback:reports", ALL_STAFF, SECTION, order=240),
]

__all__ = ["NAV", "SECTION", "observes_something", "panels"]
