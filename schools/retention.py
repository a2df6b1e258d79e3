"""The school's retention schedule, applied: what is past its period goes, and
nothing else.

Each kind of record that has a period is declared once with ``register``,
by the app that owns it (pupils' SEND records of leavers in
``pupils/retention.py``, learning-walk notes in ``feedback/retention.py``;
the record of changes and of reading here, audit being this floor's
sibling). A kind gives the rows of one school past their period on a day;
``retention_apply`` removes them for every kind in one transaction and
keeps a ``RetentionRun`` saying how many of each went, when and on whose
word. The records of changes and of reading are append-only in the
database too (audit migration 0005): the trigger lets a delete through only
while ``sendit.retention`` is 'on', which is set for this transaction alone
and set back before it ends.

A dry run counts the same rows and removes nothing (``manage.py
apply_retention --dry-run``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from schools.models import RetentionPolicy, RetentionRun, School, User
from sendit.lib.versions import version_check


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class RetentionKind:
    key: str
    label: str  # "SEND records of pupils who left"
    # The rows of ``school`` past their period on ``today``.
    past: Callable[[School, RetentionPolicy, date], models.QuerySet[Any]]
    # How the period reads on the retention page.
    period: Callable[[RetentionPolicy], str]
    # Removes the rows; returns how many of the kind's own rows went.
    remove: Callable[[models.QuerySet[Any]], int] | None = None
    order: int = 100


_KINDS: dict[str, RetentionKind] = {}


def register(kind: RetentionKind) -> RetentionKind:
    if kind.key in _KINDS and _KINDS[kind.key] != kind:
        raise ValueError(f"retention kind {kind.key!r} declared twice")
    _KINDS[kind.key] = kind
    return kind


def retention_kinds() -> list[RetentionKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.key))


def kind_label(key: str) -> str:
    kind = _KINDS.get(key)
    return kind.label if kind else key


def policy_of(school: School) -> RetentionPolicy:
    """The school's schedule (the defaults, unsaved, until the school admin saves one)."""
    return RetentionPolicy.objects.filter(school=school).first() or RetentionPolicy(school=school)


def retention_policy_save(
    *, school: School, values: dict[str, int], base_version: int, by: User
) -> RetentionPolicy:
    """Save the school admin's periods if the schedule is still at the version
    the form was opened at (else ``VersionConflict``, nothing written). A save,
    not an update, so that the record of changes has it."""
    with transaction.atomic():
        RetentionPolicy.objects.get_or_create(school=school)
        current = RetentionPolicy.objects.select_for_update().get(school=school)
        version_check(current, base_version=base_version)
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.updated_by = by
        current.save()
        return current


def _remove(kind: RetentionKind, rows: models.QuerySet[Any]) -> int:
    if kind.remove is not None:
        return kind.remove(rows)
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        return 0
    deleted = rows.model._base_manager.filter(pk__in=ids).delete()[1]
    return int(deleted.get(rows.model._meta.label, 0))


def remove_append_only(rows: models.QuerySet[Any]) -> int:
    """Delete rows of an append-only audit table (whose queryset refuses to):
    one DELETE, let through by the trigger only inside ``retention_bypass``."""
    return int(rows._raw_delete(rows.db))


@contextmanager
def retention_bypass() -> Iterator[None]:
    """Let the audit tables' trigger pass deletes, for this transaction only."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL sendit.retention = 'on'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL sendit.retention = 'off'")


def retention_counts(school: School, *, today: date) -> dict[str, int]:
    """What a run on ``today`` would remove, kind by kind (nothing is removed)."""
    policy = policy_of(school)
    return {kind.key: kind.past(school, policy, today).count() for kind in retention_kinds()}


def retention_apply(
    school: School,
    *,
    today: date | None = None,
    trigger: str = RetentionRun.Trigger.SCHEDULE,
    run_by: User | None = None,
) -> RetentionRun:
    """Remove what is past its period at ``school`` on ``today``; the run's record."""
    today = today or timezone.localdate()
    policy = policy_of(school)
    started = timezone.now()
    removed: dict[str, int] = {}
    with transaction.atomic():
        with retention_bypass():
            for kind in retention_kinds():
                removed[kind.key] = _remove(kind, kind.past(school, policy, today))
        return RetentionRun.objects.create(
            school=school,
            trigger=trigger,
            run_by=run_by,
            applied_on=today,
            started_at=started,
            finished_at=timezone.now(),
            removed=removed,
        )


def retention_apply_all(
    *, today: date | None = None, trigger: str = RetentionRun.Trigger.SCHEDULE
) -> list[RetentionRun]:
    return [
        retention_apply(school, today=today, trigger=trigger)
        for school in School.objects.order_by("pk")
    ]


# The audit's own kinds ------------------------------------------------------------------


def _change_records(school: School, policy: RetentionPolicy, today: date) -> Any:
    from audit.models import ChangeRecord

    cutoff = years_before(today, policy.change_record_years)
    return ChangeRecord.objects.filter(school=school, created_at__date__lt=cutoff)


def _record_reads(school: School, policy: RetentionPolicy, today: date) -> Any:
    from audit.models import RecordRead

    cutoff = years_before(today, policy.read_audit_years)
    return RecordRead.objects.filter(school=school, read_at__date__lt=cutoff)


register(
    RetentionKind(
        key="change_records",
        label="Record of changes",
        past=_change_records,
        period=lambda p: f"{p.change_record_years} years after the change",
        remove=remove_append_only,
        order=80,
    )
)
register(
    RetentionKind(
        key="record_reads",
        label="Record of reading",
        past=_record_reads,
        period=lambda p: f"{p.read_audit_years} years after the reading",
        remove=remove_append_only,
        order=90,
    )
)
