"""What an app hands the shell: its menu entries, its home-page claims and
its dashboard panels.

These live on the ground floor so that an app can declare them in its own
``<app>/shell.py`` without importing the shell (which sits on top and finds
the declarations by itself). An app's ``shell.py`` may define:

- ``NAV: list[NavItem]``: entries of the menu;
- ``ACCOUNT: list[NavItem]``: entries of the account menu in the header;
- ``HOMES: list[HomeClaim]``: where people of a role land after sign-in;
- ``SECTION: str``: the menu section the app's other pages belong to;
- ``panels(user) -> list[Panel]``: panels on the SENDCo's dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse

if TYPE_CHECKING:
    from schools.models import User


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # Who sees it; () for everyone signed in (the account menu's entries).
    roles: tuple[str, ...]
    section: str
    # Place in the menu, across apps: lower comes first.
    order: int = 500
    # A further condition, asked once per request for someone who holds a role.
    shown: Callable[[User], bool] | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def shown_to(self, user: User) -> bool:
        if self.roles and not user.has_role(*self.roles):
            return False
        return self.shown is None or self.shown(user)


@dataclass(frozen=True)
class HomeClaim:
    """People holding ``role`` land on ``url_name``; of the claims on roles a
    person holds, the lowest ``priority`` wins."""

    role: str
    url_name: str
    priority: int


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50
    # Shown on the classroom staff's home (My classes) instead of the dashboard.
    classroom: bool = False
