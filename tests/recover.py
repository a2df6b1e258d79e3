"""A reader's attempt to work hidden counts back out of a page (for the privacy tests).

Written apart from sendit.lib.privacy on purpose, by plain search: every
shown figure is known; "fewer than 5" is 1 to 4; "not shown" is 0 or 5 and
more; a figure the page never shows is anything; every relation holds. A
true count of 1 to 4 that only one value fits is recovered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

Relation = tuple[str, Sequence[str]]  # total, parts


def _values(label: str | None, cap: int) -> list[int]:
    if label == "fewer than 5":
        return [1, 2, 3, 4]
    if label == "not shown":
        return [0, *range(5, cap + 1)]
    return list(range(cap + 1))  # never shown


def recovered(
    shown: Mapping[str, str | None], truth: Mapping[str, int], relations: Sequence[Relation]
) -> dict[str, set[int]]:
    """Small true counts that the page pins down, with the values that fit.

    `shown` maps every figure to its text on the page (None: not on the page).
    """
    known = {k: int(v) for k, v in shown.items() if v is not None and v.isdigit()}
    order = {"fewer than 5": 0, "not shown": 1, None: 2}  # the widest last, to be worked out
    hidden = sorted((k for k in truth if k not in known), key=lambda k: order[shown.get(k)])
    # A reader does not know the cap; giving one only makes the reader stronger.
    cap = max(truth.values(), default=0) + 2
    equations = [(total, list(parts)) for total, parts in relations]
    fits: dict[str, set[int]] = {k: set() for k in hidden}

    def holds(values: dict[str, int]) -> bool:
        for total, parts in equations:
            keys = [total, *parts]
            if all(k in values for k in keys) and values[total] != sum(values[p] for p in parts):
                return False
        return True

    def search(i: int, values: dict[str, int]) -> None:
        if not holds(values):
            return
        if i == len(hidden):
            for k in hidden:
                fits[k].add(values[k])
            return
        key = hidden[i]
        candidates = _values(shown.get(key), cap)
        for total, parts in equations:
            keys = [total, *parts]
            if key in keys and all(k in values for k in keys if k != key):
                # The relation leaves one value: try only that one.
                rest = sum(values[p] for p in parts if p != key)
                forced = values[total] - rest if key != total else rest
                if key != total and key in parts:
                    forced = (values[total] - rest) // parts.count(key)
                candidates = [forced] if forced in candidates else []
                break
        for v in candidates:
            values[key] = v
            search(i + 1, values)
            del values[key]

    search(0, dict(known))
    return {k: found for k, found in fits.items() if 0 < truth[k] < 5 and found == {truth[k]}}
