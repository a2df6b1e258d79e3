"""Rules for anything a governor reads (DESIGN.md, "Access rules")."""

from __future__ import annotations

SMALL_COUNT_THRESHOLD = 5


def small_count(n: int) -> str:
    """A count as governors see it: under 5 (but not none) is "fewer than 5"."""
    if 0 < n < SMALL_COUNT_THRESHOLD:
        return "fewer than 5"
    return str(n)
