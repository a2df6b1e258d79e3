"""Rules for anything a governor reads (DESIGN.md, "Access rules")."""

from __future__ import annotations

from collections.abc import Mapping

SMALL_COUNT_THRESHOLD = 5
FEWER_THAN_5 = "fewer than 5"
WITHHELD = "not shown"


def small_count(n: int) -> str:
    """A count as governors see it: under 5 (but not none) is "fewer than 5"."""
    if 0 < n < SMALL_COUNT_THRESHOLD:
        return FEWER_THAN_5
    return str(n)


def suppressed_counts(counts: Mapping[str, int]) -> dict[str, str]:
    """Counts that add up to a shown total, as governors see them.

    A count under 5 is "fewer than 5". When that leaves exactly one count
    hidden, it could be worked out by subtracting the others from the total,
    so the next smallest count is withheld too.
    """
    shown = {key: small_count(n) for key, n in counts.items()}
    hidden = [key for key, n in counts.items() if 0 < n < SMALL_COUNT_THRESHOLD]
    if len(hidden) == 1:
        others = sorted((n, key) for key, n in counts.items() if key not in hidden and n > 0)
        if others:
            shown[others[0][1]] = WITHHELD
    return shown
