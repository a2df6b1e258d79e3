"""What an import would do: the checks every kind of row shares, the
changes and problems found, and the writes that carry the changes out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from schools.models import Role, User

MAX_SHOWN_CHANGES = 300
TRUE_WORDS = {"y", "yes", "true", "1"}
FALSE_WORDS = {"n", "no", "false", "0", ""}


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


@dataclass(frozen=True)
class Change:
    line: int
    action: str  # "create", "update", "unchanged" or "remove"
    label: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class WithheldRoles:
    """A staff row that asked for roles the import does not give."""

    line: int
    label: str
    roles: tuple[str, ...]

    @property
    def role_labels(self) -> str:
        return ", ".join(role.label for role in Role if role in self.roles)


@dataclass
class ImportResult:
    kind: str
    changes: list[Change] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    applied: bool = False
    # Pupils: whether the SEN columns are imported (only by the SENDCo).
    sen_imported: bool = True
    # Staff: rows that asked for SENDCo, senior leader or school admin.
    withheld_roles: list[WithheldRoles] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "unchanged": 0, "remove": 0}
        for change in self.changes:
            counts[change.action] += 1
        return counts

    @property
    def shown_changes(self) -> list[Change]:
        """What would change (unchanged rows are only counted), capped for the page."""
        return [c for c in self.changes if c.action != "unchanged"][:MAX_SHOWN_CHANGES]

    @property
    def has_changes(self) -> bool:
        return any(change.action != "unchanged" for change in self.changes)


Operation = Callable[[], object]


class Plan:
    """Changes, problems and the writes that carry out the changes."""

    def __init__(self, *, actor: User | None, sen: bool) -> None:
        self.actor = actor
        self.sen = sen
        self.changes: list[Change] = []
        self.problems: list[RowProblem] = []
        self.operations: list[Operation] = []
        self.withheld_roles: list[WithheldRoles] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(RowProblem(line, message))


class Bad(Exception):
    """One bad value in a row; the message says which and why."""


def text_value(row: dict[str, str], name: str, *, max_length: int, required: bool = True) -> str:
    value = row.get(name, "")
    if required and not value:
        raise Bad(f"{name} is empty.")
    if len(value) > max_length:
        raise Bad(f"{name} is longer than {max_length} characters.")
    return value


def date_value(row: dict[str, str], name: str) -> date:
    value = row.get(name, "")
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if day > timezone.localdate():
            raise Bad(f"{name} {value} is in the future.")
        return day
    raise Bad(f"{name} “{value}” is not a date (use YYYY-MM-DD or DD/MM/YYYY).")


def year_group_value(row: dict[str, str]) -> int:
    value = row.get("year_group", "").upper().removeprefix("Y").removeprefix("EAR ")
    if value == "R":
        return 0
    if not value.isdigit() or not 0 <= int(value) <= 14:
        raise Bad(f"year_group “{row.get('year_group', '')}” is not a year group (R or 1 to 14).")
    return int(value)


def flag_value(row: dict[str, str], name: str) -> bool:
    value = row.get(name, "").lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise Bad(f"{name} “{row[name]}” should be Y or N.")


def split_list(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", value) if part.strip()]


def check_unique(seen: dict[str, int], key: str, line: int, what: str) -> None:
    if key in seen:
        raise Bad(f"{what} {key} is also on line {seen[key]}.")
    seen[key] = line


def describe(old: object, new: object) -> str:
    def show(value: object) -> str:
        if isinstance(value, bool):
            return "Y" if value else "N"
        if isinstance(value, list):
            return ";".join(value) or "none"
        return str(value) if value not in ("", None) else "blank"

    return f"{show(old)} → {show(new)}"


def differences(obj: object, values: dict[str, object]) -> list[str]:
    return [
        f"{name}: {describe(getattr(obj, name), value)}"
        for name, value in values.items()
        if getattr(obj, name) != value
    ]
