"""The record of changes (audit app): the school admin and the SENDCo read it."""

from __future__ import annotations

from schools.models import Role
from tests.access import Entry, roles

READERS = roles(Role.SCHOOL_ADMIN, Role.SENDCO)

ENTRIES: dict[str, Entry] = {
    "audit:changes": Entry(roles=READERS),
    "audit:refused": Entry(roles=READERS),
}
