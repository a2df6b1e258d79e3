"""The version check for concurrent edits, in one place.

Concurrent edits never overwrite each other silently. Every record two
people (or one person in two tabs) may edit at once carries a ``version``
that each save bumps. A form posts the version it was opened at; a save
based on any other version writes nothing and raises ``VersionConflict``,
which carries the record as it is now. The page then shows both versions
side by side (templates/includes/version_conflict.html, rows from
``conflict_rows``) and keeps what was typed in a form now based on the
saved version (``rebased``), so that saving again is a deliberate choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import F, Model, QuerySet
from django.dispatch import Signal
from django.http import QueryDict

M = TypeVar("M", bound=Model)

# Sent after ``update_if_current`` wrote a row (sender: the model; ``before``
# and ``after``: the row read just before and just after). The conditional
# UPDATE sends no post_save, so the record of changes listens here.
versioned_update = Signal()


class VersionConflict(Exception):
    """Saved elsewhere since the form was opened: nothing was written."""

    def __init__(self, current: Any, *, base_version: int) -> None:
        self.current = current
        self.base_version = base_version
        self.saved_version: int = current.version
        super().__init__(
            f"Saved elsewhere meanwhile: the form was based on version {base_version}, "
            f"the saved one is version {self.saved_version}."
        )


def version_check(current: Any, *, base_version: int) -> None:
    """Raise VersionConflict unless ``current`` is still at ``base_version``.

    For a record already locked (select_for_update); otherwise use
    ``update_if_current``, which checks and writes in one statement.
    """
    if current.version != base_version:
        raise VersionConflict(current, base_version=base_version)


def update_if_current(
    queryset: QuerySet[M], *, pk: int, base_version: int, values: Mapping[str, Any]
) -> None:
    """Write ``values`` and bump the version, only if the record is at ``base_version``.

    The check and the bump are one conditional UPDATE, so two saves racing
    each other cannot both win. ``queryset`` may narrow what counts as
    editable (e.g. drafts only); a record outside it is a conflict too.
    """
    model = queryset.model
    listened = versioned_update.has_listeners(model)
    before = (
        model._default_manager.filter(pk=pk, version=base_version).first() if listened else None
    )
    updated = queryset.filter(pk=pk, version=base_version).update(
        **values, version=F("version") + 1
    )
    if not updated:
        current = model._default_manager.get(pk=pk)
        raise VersionConflict(current, base_version=base_version)
    if before is not None:
        versioned_update.send(sender=model, before=before, after=model._default_manager.get(pk=pk))


@dataclass(frozen=True)
class ConflictRow:
    """One field that differs: what the editor typed and what is saved."""

    label: str
    yours: str
    saved: str


def conflict_rows(fields: Iterable[tuple[object, object, object]]) -> list[ConflictRow]:
    """The fields (label, yours, saved) whose two versions differ, as text."""
    rows = []
    for label, yours, saved in fields:
        yours_text = "" if yours is None else str(yours).strip()
        saved_text = "" if saved is None else str(saved).strip()
        if yours_text != saved_text:
            rows.append(ConflictRow(label=str(label or ""), yours=yours_text, saved=saved_text))
    return rows


def rebased(data: QueryDict, conflict: VersionConflict) -> QueryDict:
    """The posted data again, now based on the saved version."""
    data = data.copy()
    data["version"] = str(conflict.saved_version)
    return data
