from __future__ import annotations

from tests.access import Entry

ENTRIES: dict[str, Entry] = {}
