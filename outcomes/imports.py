"""Attendance and suspensions from the MIS, in two ways:

- the pupil file (pupils.mis_import) may carry ``attendance_percent`` (this
  school year to date) and ``suspension_days``: checked and written here,
  through ``pupil_file_columns_add``, in the same all-or-nothing import;
- an attendance file for one term (or the school year to date), with
  ``upn`` or ``mis_id`` (as the pupil file identifies pupils),
  ``attendance_percent`` and optionally ``suspension_days``,
  ``sessions_possible`` and ``sessions_attended``.

Both are read by the MIS import's CSV reader and go through its preview,
then confirm (``import_apply``): a file with any bad row imports nothing,
and each bad row is listed with its line, the column and the reason.
Attendance is a percentage from 0 to 100 with at most two decimals (a "%"
after it is allowed); suspension days are 0 or more, in half days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from outcomes.models import AttendanceRecord
from pupils.mis_import import (
    Bad,
    Change,
    ImportResult,
    Operation,
    Plan,
    Row,
    check_unique,
    import_apply,
    read_csv,
)
from pupils.models import Pupil
from schools.models import School, User
from sendit.lib.dates import school_year_label, school_year_start

KIND = "attendance"
PUPIL_FILE_COLUMNS: tuple[str, ...] = ("attendance_percent", "suspension_days")
ATTENDANCE_REQUIRED: tuple[str, ...] = ("attendance_percent",)
ATTENDANCE_OPTIONAL: tuple[str, ...] = ("suspension_days", "sessions_possible", "sessions_attended")
IDENTIFIERS: tuple[str, ...] = ("mis_id", "upn")

_PERCENT = re.compile(r"[0-9]{1,3}(\.[0-9]{1,2})?")
_DAYS = re.compile(r"[0-9]{1,3}(\.[05])?")
MAX_SUSPENSION_DAYS = Decimal("195")


@dataclass(frozen=True)
class Figures:
    attendance_percent: Decimal
    suspension_days: Decimal
    sessions_possible: int | None = None
    sessions_attended: int | None = None


def percent_value(row: dict[str, str], name: str = "attendance_percent") -> Decimal:
    raw = row.get(name, "")
    value = raw.removesuffix("%").strip()
    if not value:
        raise Bad(f"column {name} is empty: give the attendance as a percentage from 0 to 100.")
    if not _PERCENT.fullmatch(value) or Decimal(value) > 100:
        raise Bad(
            f"column {name} “{raw}” is not a percentage from 0 to 100 with at most two "
            "decimals (for example 93.5)."
        )
    return Decimal(value)


def days_value(row: dict[str, str], name: str = "suspension_days") -> Decimal:
    raw = row.get(name, "")
    if not raw:
        return Decimal("0")
    if not _DAYS.fullmatch(raw) or Decimal(raw) > MAX_SUSPENSION_DAYS:
        raise Bad(
            f"column {name} “{raw}” is not a number of days from 0 to 195 in whole or half "
            "days (for example 2 or 1.5)."
        )
    return Decimal(raw)


def _sessions(row: dict[str, str], name: str) -> int | None:
    raw = row.get(name, "")
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) > 1000:
        raise Bad(f"column {name} “{raw}” is not a whole number of sessions from 0 to 1000.")
    return int(raw)


def figures_value(row: dict[str, str]) -> Figures:
    figures = Figures(
        attendance_percent=percent_value(row),
        suspension_days=days_value(row),
        sessions_possible=_sessions(row, "sessions_possible"),
        sessions_attended=_sessions(row, "sessions_attended"),
    )
    possible, attended = figures.sessions_possible, figures.sessions_attended
    if possible is not None and attended is not None and attended > possible:
        raise Bad(f"column sessions_attended {attended} is more than sessions_possible {possible}.")
    return figures


def _describe(figures: Figures) -> str:
    text = f"attendance {figures.attendance_percent}%"
    if figures.suspension_days:
        text += f", {figures.suspension_days} days of suspension"
    return text


def _same(record: AttendanceRecord, figures: Figures) -> bool:
    return (
        record.attendance_percent == figures.attendance_percent
        and record.suspension_days == figures.suspension_days
        and record.sessions_possible == figures.sessions_possible
        and record.sessions_attended == figures.sessions_attended
    )


def _write(
    school: School,
    pupil_pk: int | None,
    mis_id: str,
    school_year: int,
    term: str,
    figures: Figures,
    source: str,
) -> Operation:
    def write() -> None:
        # A pupil created by the same pupil file exists only once its row is written.
        pk = pupil_pk or Pupil.objects.values_list("pk", flat=True).get(
            school=school, mis_id=mis_id
        )
        record = AttendanceRecord.objects.filter(
            pupil_id=pk, school_year=school_year, term=term
        ).first()
        if record is None:
            record = AttendanceRecord(
                school=school, pupil_id=pk, school_year=school_year, term=term
            )
        record.attendance_percent = figures.attendance_percent
        record.suspension_days = figures.suspension_days
        record.sessions_possible = figures.sessions_possible
        record.sessions_attended = figures.sessions_attended
        record.source = source
        record.imported_at = timezone.now()
        record.save()

    return write


def _plan_row(
    plan: Plan,
    *,
    school: School,
    line: int,
    label: str,
    pupil_pk: int | None,
    mis_id: str,
    existing: AttendanceRecord | None,
    school_year: int,
    term: str,
    figures: Figures,
    source: str,
) -> None:
    if existing is not None and _same(existing, figures):
        plan.changes.append(Change(line, "unchanged", label))
        return
    details = (_describe(figures),)
    if existing is not None:
        details = (
            f"{_describe(Figures(existing.attendance_percent, existing.suspension_days))}"
            f" → {_describe(figures)}",
        )
    action = "create" if existing is None else "update"
    plan.changes.append(Change(line, action, label, details))
    plan.operations.append(_write(school, pupil_pk, mis_id, school_year, term, figures, source))


# The pupil file's columns ------------------------------------------------------------------------


def plan_pupil_file_attendance(school: School, rows: list[Row], plan: Plan) -> None:
    """Check the attendance columns of the pupil file and plan their writes:
    the figures for this school year to date, for each row that gives them."""
    if not any(name in row for _, row in rows[:1] for name in PUPIL_FILE_COLUMNS):
        return
    school_year = school_year_start(timezone.localdate())
    existing = {
        record.pupil.mis_id: record
        for record in AttendanceRecord.objects.filter(
            school=school, school_year=school_year, term=""
        ).select_related("pupil")
    }
    for line, row in rows:
        given = row.get("attendance_percent", "") or row.get("suspension_days", "")
        if not given:
            continue
        try:
            figures = Figures(percent_value(row), days_value(row))
        except Bad as bad:
            plan.problem(line, str(bad))
            continue
        mis_id = row.get("mis_id", "")
        if not mis_id:
            continue  # the pupils' own check says so
        _plan_row(
            plan,
            school=school,
            line=line,
            label=f"Attendance {school_year_label(school_year)} of MIS id {mis_id}",
            pupil_pk=None,
            mis_id=mis_id,
            existing=existing.get(mis_id),
            school_year=school_year,
            term="",
            figures=figures,
            source=AttendanceRecord.Source.PUPIL_FILE,
        )


# The attendance file -----------------------------------------------------------------------------


def _plan_attendance(
    *, school: School, rows: list[Row], plan: Plan, school_year: int, term: str
) -> None:
    pupils = list(
        Pupil.objects.filter(school=school).only(
            "pk", "mis_id", "upn", "legal_first_name", "legal_last_name", "preferred_name"
        )
    )
    by_mis = {p.mis_id: p for p in pupils}
    by_upn = {p.upn: p for p in pupils}
    existing = {
        record.pupil_id: record
        for record in AttendanceRecord.objects.filter(
            school=school, school_year=school_year, term=term
        )
    }
    seen: dict[str, int] = {}
    for line, row in rows:
        try:
            mis_id, upn = row.get("mis_id", ""), row.get("upn", "").upper()
            if mis_id:
                pupil = by_mis.get(mis_id)
                if pupil is None:
                    raise Bad(f"column mis_id {mis_id} is not a pupil of this school.")
            elif upn:
                pupil = by_upn.get(upn)
                if pupil is None:
                    raise Bad(f"column upn {upn} is not a pupil of this school.")
            else:
                raise Bad("columns mis_id and upn are both empty: give one to say which pupil.")
            check_unique(seen, pupil.mis_id, line, "the pupil with MIS id")
            figures = figures_value(row)
        except Bad as bad:
            plan.problem(line, str(bad))
            continue
        _plan_row(
            plan,
            school=school,
            line=line,
            label=f"{pupil.legal_first_name} {pupil.legal_last_name} ({pupil.mis_id})",
            pupil_pk=pupil.pk,
            mis_id=pupil.mis_id,
            existing=existing.get(pupil.pk),
            school_year=school_year,
            term=term,
            figures=figures,
            source=AttendanceRecord.Source.ATTENDANCE_FILE,
        )


def _planned(
    *,
    school: School,
    data: bytes,
    filename: str,
    school_year: int,
    term: str,
    actor: User | None,
) -> tuple[ImportResult, Plan]:
    rows, ignored, overlong = read_csv(
        data,
        filename=filename,
        required=ATTENDANCE_REQUIRED,
        optional=ATTENDANCE_OPTIONAL,
        one_of=IDENTIFIERS,
    )
    plan = Plan(actor=actor, sen=False)
    for line in overlong:
        plan.problem(line, "this row has more cells than the header has columns.")
    _plan_attendance(school=school, rows=rows, plan=plan, school_year=school_year, term=term)
    plan.problems.sort(key=lambda problem: problem.line)
    result = ImportResult(
        kind=KIND, changes=plan.changes, problems=plan.problems, ignored_columns=ignored
    )
    return result, plan


def attendance_import_preview(
    *,
    school: School,
    data: bytes,
    filename: str,
    school_year: int,
    term: str,
    actor: User | None = None,
) -> ImportResult:
    """What importing the attendance file for ``school_year`` and ``term`` ("" for
    the school year to date) would do; writes nothing. Raises ImportFileError."""
    result, _ = _planned(
        school=school,
        data=data,
        filename=filename,
        school_year=school_year,
        term=term,
        actor=actor,
    )
    return result


def attendance_import_apply(
    *,
    school: School,
    data: bytes,
    filename: str,
    school_year: int,
    term: str,
    actor: User | None = None,
) -> ImportResult:
    """Check the file again and, only if every row is good, write it all."""
    return import_apply(
        school=school,
        actor=actor,
        filename=filename,
        plan=lambda: _planned(
            school=school,
            data=data,
            filename=filename,
            school_year=school_year,
            term=term,
            actor=actor,
        ),
        details={"school_year": school_year, "term": term or "year"},
    )
