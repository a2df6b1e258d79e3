"""Numbers in words for product text: "once", "twice", "3 times"; "1 visit", "3 visits"."""

from __future__ import annotations

from collections.abc import Iterable


def counted(n: int, noun: str, plural: str = "") -> str:
    """ "1 visit", "3 visits" (or the plural given)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def times(n: int) -> str:
    """ "once", "twice", "3 times"."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def unique_lines(lines: Iterable[str]) -> list[str]:
    """The lines without repeats, first wording kept; case and spacing do not
    make a line different."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        key = " ".join(line.split()).casefold()
        if key and key not in seen:
            seen.add(key)
            kept.append(line)
    return kept
