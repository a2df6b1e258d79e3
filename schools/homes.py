"""Each role's home page, and the navigation that goes with it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from schools.models import Role, User
from schools.roles import (
    ALL_STAFF,
    CLASSROOM_STAFF,
    LEADERS_AND_GOVERNORS,
    OBSERVERS,
    RECORD_KEEPERS,
    SEND_LEADERS,
)

# The first role a user holds, in this order, decides where they land.
HOME_BY_ROLE: list[tuple[str, str]] = [
    (Role.SENDCO, "schools:dashboard"),
    (Role.SLT, "reports:home"),
    (Role.SCHOOL_ADMIN, "schools:settings"),
    (Role.TEACHER, "pupils:my_classes"),
    (Role.TA, "pupils:my_classes"),
    (Role.GOVERNOR, "reports:summaries"),
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    section: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class NavSection:
    """A top-level entry of the menu: one page, or a family of pages shown
    as a second row when the user is in it (works without JavaScript)."""

    label: str
    items: tuple[NavItem, ...]

    @property
    def url(self) -> str:
        return self.items[0].url

    @property
    def url_names(self) -> set[str]:
        return {item.url_name for item in self.items}


PUPILS, WALKS, REPORTS = "Pupils", "Walks", "Reports"
ALL = tuple(Role)

NAVIGATION: list[NavItem] = [
    NavItem("Dashboard", "schools:dashboard", (Role.SENDCO,), "Dashboard"),
    NavItem("My classes", "pupils:my_classes", CLASSROOM_STAFF, PUPILS),
    NavItem("SEND register", "pupils:register", SEND_LEADERS, PUPILS),
    NavItem("Teaching groups", "pupils:groups", SEND_LEADERS, PUPILS),
    NavItem("Provision", "pupils:interventions", SEND_LEADERS, PUPILS),
    NavItem("Concerns", "pupils:concerns", (Role.SENDCO,), PUPILS),
    NavItem("Raise a concern", "pupils:concern_create", CLASSROOM_STAFF, PUPILS),
    NavItem("My concerns", "pupils:my_concerns", CLASSROOM_STAFF, PUPILS),
    NavItem("Import", "pupils:import", RECORD_KEEPERS, PUPILS),
    NavItem("Walks", "walks:programme", LEADERS_AND_GOVERNORS, WALKS),
    NavItem("Upcoming walks", "walks:upcoming", ALL, WALKS),
    NavItem(
        "My observations",
        "feedback:my_observations",
        OBSERVERS,
        WALKS,
    ),
    NavItem("Whole-school picture", "feedback:picture", LEADERS_AND_GOVERNORS, WALKS),
    NavItem(
        "Walk reports",
        "feedback:reports",
        ALL_STAFF,
        WALKS,
    ),
    NavItem("Reports", "reports:home", SEND_LEADERS, REPORTS),
    NavItem("Summaries", "reports:summaries", LEADERS_AND_GOVERNORS, REPORTS),
    NavItem("School settings", "schools:settings", RECORD_KEEPERS, "School settings"),
    NavItem("Staff and roles", "schools:staff", RECORD_KEEPERS, "School settings"),
    NavItem("Roles to confirm", "schools:role_grants", SEND_LEADERS, "School settings"),
]

# Pages not in the menu belong to the section of their app.
SECTION_OF_NAMESPACE = {"pupils": PUPILS, "walks": WALKS, "feedback": WALKS, "reports": REPORTS}


def home_url_name(user: User) -> str | None:
    for role, url_name in HOME_BY_ROLE:
        if user.has_role(role):
            return url_name
    return None


def navigation_for(user: User) -> list[NavSection]:
    sections: dict[str, list[NavItem]] = {}
    for item in NAVIGATION:
        if user.has_role(*item.roles):
            sections.setdefault(item.section, []).append(item)
    return [NavSection(label, tuple(items)) for label, items in sections.items()]


def current_section(sections: list[NavSection], view_name: str) -> NavSection | None:
    for section in sections:
        if view_name in section.url_names:
            return section
    label = SECTION_OF_NAMESPACE.get(view_name.split(":", 1)[0])
    return next((section for section in sections if section.label == label), None)
