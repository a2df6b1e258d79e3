"""The first few rows of a list and how many there are in all, in one query.

Dashboards and panels show "the first ten, and 37 in all". Counting with a
second query doubles the queries of every panel; a window count
(``COUNT(*) OVER ()``) is worked out before ``LIMIT``, so the rows it comes
with carry the size of the whole list. Not for ``distinct()`` querysets,
whose window would count the rows before they are made distinct.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Case, Count, IntegerField, Model, Q, QuerySet, Sum, Value, When, Window

M = TypeVar("M", bound=Model)

_TOTAL = "_list_total"


def head_and_total(
    queryset: QuerySet[M], listed: int, **also: Q
) -> tuple[list[M], int, dict[str, int]]:
    """(the first ``listed`` rows, the number of rows in all, and for each keyword
    the number of rows in all that match its ``Q``), in one query.

    An empty list has nothing to count: its counts are 0. With ``listed`` 0
    the counts come from an aggregate, and no row is read."""
    if listed <= 0:
        # Counts only: no row is read (a pupil's row read is a read of their record).
        counts = queryset.order_by().aggregate(
            **{_TOTAL: Count("pk")},
            **{f"_list_{name}": Count("pk", filter=condition) for name, condition in also.items()},
        )
        return [], int(counts[_TOTAL]), {name: int(counts[f"_list_{name}"]) for name in also}
    windows: dict[str, Any] = {_TOTAL: Window(Count("pk"))}
    for name, condition in also.items():
        windows[f"_list_{name}"] = Window(
            Sum(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()))
        )
    rows = list(queryset.annotate(**windows)[:listed])
    if not rows:
        return [], 0, dict.fromkeys(also, 0)
    first = rows[0]
    counts = {name: int(getattr(first, f"_list_{name}") or 0) for name in also}
    return rows, int(getattr(first, _TOTAL)), counts
