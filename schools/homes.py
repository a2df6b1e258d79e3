"""Each role's home page, and the navigation that goes with it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from schools.models import Role, User

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

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAVIGATION: list[NavItem] = [
    NavItem("Dashboard", "schools:dashboard", (Role.SENDCO,)),
    NavItem("SEND register", "pupils:register", (Role.SENDCO, Role.SLT)),
    NavItem("My classes", "pupils:my_classes", (Role.TEACHER, Role.TA)),
    NavItem("Walks", "walks:programme", (Role.SENDCO, Role.SLT, Role.GOVERNOR)),
    NavItem("Upcoming walks", "walks:upcoming", tuple(Role)),
    NavItem("Teaching groups", "pupils:groups", (Role.SENDCO, Role.SLT)),
    NavItem("Provision", "pupils:interventions", (Role.SENDCO, Role.SLT)),
    NavItem("Concerns", "pupils:concerns", (Role.SENDCO,)),
    NavItem("Raise a concern", "pupils:concern_create", (Role.TEACHER, Role.TA)),
    NavItem("My concerns", "pupils:my_concerns", (Role.TEACHER, Role.TA)),
    NavItem("Import", "pupils:import", (Role.SENDCO, Role.SCHOOL_ADMIN)),
    NavItem("Reports", "reports:home", (Role.SLT, Role.SENDCO)),
    NavItem("Summaries", "reports:summaries", (Role.GOVERNOR, Role.SLT, Role.SENDCO)),
    NavItem(
        "My observations",
        "feedback:my_observations",
        (Role.SENDCO, Role.SLT, Role.TEACHER, Role.TA, Role.GOVERNOR),
    ),
    NavItem("Whole-school picture", "feedback:picture", (Role.SENDCO, Role.SLT, Role.GOVERNOR)),
    NavItem(
        "Walk reports",
        "feedback:reports",
        (Role.SENDCO, Role.SLT, Role.TEACHER, Role.TA, Role.SCHOOL_ADMIN),
    ),
    NavItem("School settings", "schools:settings", (Role.SCHOOL_ADMIN, Role.SENDCO)),
]


def home_url_name(user: User) -> str | None:
    for role, url_name in HOME_BY_ROLE:
        if user.has_role(role):
            return url_name
    return None


def navigation_for(user: User) -> list[NavItem]:
    return [item for item in NAVIGATION if user.has_role(*item.roles)]
