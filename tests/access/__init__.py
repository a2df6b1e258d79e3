"""The access matrix, one module per app; tests/test_access_matrix.py merges them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from schools.models import Role

ALL_ROLES = [role.value for role in Role]
ANY_ROLE = frozenset(ALL_ROLES)


@dataclass(frozen=True)
class Entry:
    """Who may use a URL.

    roles: the roles that get the page; None for public pages.
    kwargs: builds the URL's arguments from the cast (objects of the cast's school).
    method: "get" or "post".
    ok: the status codes an allowed role gets.
    data: builds the POST body from the cast, where a POST needs one to succeed.
    """

    roles: frozenset[str] | None
    kwargs: Callable[[object], dict] | None = None
    method: str = "get"
    ok: frozenset[int] = field(default_factory=lambda: frozenset({200}))
    data: Callable[[object], dict] | None = None


PUBLIC = Entry(roles=None)
SIGNED_IN = Entry(roles=ANY_ROLE)


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)
