"""Each role's home page, and the navigation that goes with it, built from
what the apps declare (see shell/discovery.py)."""

from __future__ import annotations

from dataclasses import dataclass

from schools.models import User
from sendit.lib.shell import NavItem
from shell.discovery import declarations


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


def home_url_name(user: User) -> str | None:
    for claim in declarations().homes:
        if user.has_role(claim.role):
            return claim.url_name
    return None


def navigation_for(user: User) -> list[NavSection]:
    sections: dict[str, list[NavItem]] = {}
    for item in declarations().nav:
        if item.shown_to(user):
            sections.setdefault(item.section, []).append(item)
    return [NavSection(label, tuple(items)) for label, items in sections.items()]


def current_section(sections: list[NavSection], view_name: str) -> NavSection | None:
    for section in sections:
        if view_name in section.url_names:
            return section
    label = declarations().sections.get(view_name.split(":", 1)[0])
    return next((section for section in sections if section.label == label), None)
