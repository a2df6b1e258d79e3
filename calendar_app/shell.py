"""The calendar's entries for the shell: none yet.

When the calendar gets its pages, their menu entries and dashboard panels go
here (``NAV``, ``HOMES``, ``panels``); no other app needs editing.
"""

from __future__ import annotations

from sendit.lib.shell import HomeClaim, NavItem

NAV: list[NavItem] = []
HOMES: list[HomeClaim] = []
