"""Preview and import: check every row of a file, then write it all or nothing."""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction

from audit.models import ChangeKind
from audit.services import record_change
from pupils.mis_import.groups import plan_groups
from pupils.mis_import.memberships import plan_memberships
from pupils.mis_import.plan import ImportResult, Plan, RowProblem
from pupils.mis_import.pupils import plan_pupils
from pupils.mis_import.reading import EXTRA_PUPIL_COLUMNS, ImportKind, Row, read_rows
from pupils.mis_import.staff import plan_staff
from schools.models import Role, School, User

Planner = Callable[[School, list[Row], Plan], None]

_PLANNERS: dict[str, Callable[..., None]] = {
    ImportKind.PUPILS: plan_pupils,
    ImportKind.STAFF: plan_staff,
    ImportKind.GROUPS: plan_groups,
    ImportKind.MEMBERSHIPS: plan_memberships,
}


# Planners other apps add for their columns of the pupil file, run after the
# pupils' own (so their writes run after the pupils are created).
_PUPIL_FILE_EXTRAS: list[Planner] = []


def pupil_file_columns_add(columns: tuple[str, ...], planner: Planner) -> None:
    """Let an app above pupils read optional columns of the pupil file: the
    columns are accepted, and ``planner`` checks their rows (its problems
    refuse the whole file like any other) and adds the writes. Called from
    the app's ``AppConfig.ready``."""
    EXTRA_PUPIL_COLUMNS.extend(c for c in columns if c not in EXTRA_PUPIL_COLUMNS)
    if planner not in _PUPIL_FILE_EXTRAS:
        _PUPIL_FILE_EXTRAS.append(planner)


def may_import_sen(actor: User | None) -> bool:
    """Only the SENDCo imports SEN status and needs. ``None`` is sendit itself
    (a management command or a test of the importer), never a request."""
    return actor is None or actor.has_role(Role.SENDCO)


def _plan(
    *, school: School, kind: str, data: bytes, filename: str, actor: User | None
) -> tuple[ImportResult, Plan]:
    sen = may_import_sen(actor)
    rows, ignored, overlong = read_rows(data, filename=filename, kind=kind, sen=sen)
    plan = Plan(actor=actor, sen=sen)
    for line in overlong:
        plan.problem(line, "this row has more cells than the header has columns.")
    _PLANNERS[kind](school, rows, plan)
    if kind == ImportKind.PUPILS:
        for plan_columns in _PUPIL_FILE_EXTRAS:
            plan_columns(school, rows, plan)
    plan.problems.sort(key=lambda problem: problem.line)
    result = ImportResult(
        kind=kind,
        changes=plan.changes,
        problems=plan.problems,
        ignored_columns=ignored,
        sen_imported=sen or kind != ImportKind.PUPILS,
        withheld_roles=plan.withheld_roles,
    )
    return result, plan


def mis_import_preview(
    *, school: School, kind: str, data: bytes, filename: str, actor: User | None = None
) -> ImportResult:
    """What importing the file would do; writes nothing. Raises ImportFileError.

    For someone who may not import SEN data, the SEN columns are dropped as
    the file is read, so the preview shows none of their values.
    """
    result, _ = _plan(school=school, kind=kind, data=data, filename=filename, actor=actor)
    return result


def mis_import_apply(
    *, school: School, kind: str, data: bytes, filename: str, actor: User | None = None
) -> ImportResult:
    """Check the file again and, only if every row is good, write it all at
    once and add it to the school's record of changes."""
    return import_apply(
        school=school,
        actor=actor,
        filename=filename,
        plan=lambda: _plan(school=school, kind=kind, data=data, filename=filename, actor=actor),
    )


def import_apply(
    *,
    school: School,
    actor: User | None,
    filename: str,
    plan: Callable[[], tuple[ImportResult, Plan]],
    details: dict[str, object] | None = None,
) -> ImportResult:
    """Run ``plan`` (which reads and checks the whole file) inside a transaction
    and, only if every row is good, carry out all its writes and record the
    import run; any clash found on writing undoes everything. Shared by every
    import that follows the preview and confirm steps."""
    try:
        with transaction.atomic():
            # Checked again inside the transaction: the records may have
            # changed since the preview.
            result, planned = plan()
            if not result.ok:
                return result
            for operation in planned.operations:
                operation()
            counts = result.counts
            record_change(
                school=school,
                actor=actor,
                kind=ChangeKind.IMPORT_RUN,
                target=filename,
                details={
                    "import": result.kind,
                    "created": counts["create"],
                    "updated": counts["update"],
                    "removed": counts["remove"],
                    "unchanged": counts["unchanged"],
                    "sen_columns": "imported" if result.sen_imported else "ignored",
                    "roles_withheld_rows": len(result.withheld_roles),
                    **(details or {}),
                },
            )
    except IntegrityError:
        # Rows that are each fine but clash with one another (two pupils
        # swapping UPNs, say): nothing was written.
        result.problems.append(
            RowProblem(
                0,
                "Some rows clash with one another or with records in sendit; "
                "nothing was imported. Import the changes in two smaller files.",
            )
        )
        return result
    result.applied = True
    return result
