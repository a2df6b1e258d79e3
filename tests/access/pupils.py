from __future__ import annotations

from schools.models import Role
from tests.access import Entry, roles

ENTRIES: dict[str, Entry] = {
    "pupils:register": Entry(roles=roles(Role.SENDCO, Role.SLT)),
    "pupils:my_classes": Entry(roles=roles(Role.TEACHER, Role.TA)),
}
