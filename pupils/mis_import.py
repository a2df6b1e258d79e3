"""Import from the school's MIS as CSV: pupils with their SEN data, staff,
teaching groups and group memberships.

Every row is checked before anything is written. A file with any bad row
imports nothing: the result lists each bad row with its line number and
the reason. Records are matched on their MIS id (pupils also on UPN, staff
also on email, groups also on code), so importing the same file again
changes nothing. ``mis_import_preview`` says what would change;
``mis_import_apply`` checks again and writes it all in one transaction.

Columns are described in ``samples/mis/README.md``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from audit.models import ChangeKind
from audit.services import record_change
from pupils.models import NeedType, Pupil, PupilNeed, SenStatus, SenStatusChange, TeachingGroup
from pupils.upn import upn_problem
from schools.models import PUPIL_DATA_ROLES, Role, School, User
from schools.services import staff_import_create, staff_import_update

MAX_BYTES = 2 * 1024 * 1024
MAX_SHOWN_CHANGES = 300

# The import never gives or takes away these: they open pupils' SEN data or
# the staff pages, and are given on the staff page only (DESIGN.md, "Staff
# and roles").
ROLES_NOT_IMPORTED: tuple[str, ...] = (*PUPIL_DATA_ROLES, Role.SCHOOL_ADMIN)
# Only someone who may write SEN data (the SENDCo) imports these columns.
SEN_COLUMNS: tuple[str, ...] = ("sen_status", "needs")


class ImportKind(models.TextChoices):
    PUPILS = "pupils", "Pupils with their SEN data"
    STAFF = "staff", "Staff"
    GROUPS = "groups", "Teaching groups"
    MEMBERSHIPS = "memberships", "Group memberships (pupils and staff)"


# (required columns, optional columns). An optional column left out of the
# file leaves that field as it is; present but blank clears it.
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    ImportKind.PUPILS: (
        (
            "mis_id",
            "upn",
            "legal_first_name",
            "legal_last_name",
            "date_of_birth",
            "year_group",
            "sen_status",
            "needs",
        ),
        ("preferred_name", "form", "pupil_premium", "eal", "looked_after"),
    ),
    ImportKind.STAFF: (
        ("mis_id", "email", "first_name", "last_name", "roles"),
        ("title", "staff_code", "department"),
    ),
    ImportKind.GROUPS: (("mis_id", "code", "subject", "year_group"), ()),
    ImportKind.MEMBERSHIPS: (("group_mis_id", "member_type", "member_mis_id"), ()),
}

ROLE_ALIASES: dict[str, str] = {
    **{role.value: role.value for role in Role},
    "senco": Role.SENDCO,
    "senior_leader": Role.SLT,
    "teaching_assistant": Role.TA,
    "admin": Role.SCHOOL_ADMIN,
}
MEMBER_TYPES = {"pupil": "pupil", "teacher": "teacher", "ta": "ta", "teaching_assistant": "ta"}
TRUE_WORDS = {"y", "yes", "true", "1"}
FALSE_WORDS = {"n", "no", "false", "0", ""}


class ImportFileError(Exception):
    """The file as a whole cannot be read: too large, not CSV, not UTF-8, missing columns."""


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


Row = tuple[int, dict[str, str]]
Operation = Callable[[], None]


class _Plan:
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


# Reading the file --------------------------------------------------------------------------------


def _normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _columns(kind: str, *, sen: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    required, optional = COLUMNS[kind]
    if kind == ImportKind.PUPILS and not sen:
        required = tuple(name for name in required if name not in SEN_COLUMNS)
    return required, optional


def read_rows(
    data: bytes, *, filename: str, kind: str, sen: bool = True
) -> tuple[list[Row], list[str], list[int]]:
    """The data rows with their line numbers, the columns that are ignored, and
    the lines with more cells than the header has columns."""
    if kind not in COLUMNS:
        raise ImportFileError("Choose what the file holds.")
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the most that can be imported "
            f"at once is {MAX_BYTES // 1024 // 1024} MB. Split it into smaller files."
        )
    if not filename.lower().endswith(".csv"):
        raise ImportFileError(
            "This is not a CSV file. In your MIS or spreadsheet, save or export it as "
            "“CSV UTF-8 (comma delimited)” and upload that file."
        )
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise ImportFileError(
            "This looks like a spreadsheet or another binary file, not CSV text. Save it "
            "as “CSV UTF-8 (comma delimited)” and upload that file."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"The file is not UTF-8 text (a byte at position {error.start} cannot be read). "
            "Save it as “CSV UTF-8 (comma delimited)” and upload it again."
        ) from None
    if not text.strip():
        raise ImportFileError("The file is empty.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [_normalise_header(name) for name in next(reader)]
        required, optional = _columns(kind, sen=sen)
        _check_header(header, required)
        rows: list[Row] = []
        overlong: list[int] = []
        last_line = reader.line_num
        for cells in reader:
            line = last_line + 1
            last_line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                overlong.append(line)
                continue
            cells = cells + [""] * (len(header) - len(cells))
            values = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
            if kind == ImportKind.PUPILS and not sen:
                # Dropped as the file is read: nothing below can show or write them.
                values = {name: v for name, v in values.items() if name not in SEN_COLUMNS}
            rows.append((line, values))
    except csv.Error as error:
        raise ImportFileError(
            f"The file could not be read as CSV (line {reader.line_num}: {error})."
        ) from None
    if not rows and not overlong:
        raise ImportFileError("The file has a header row but no data rows.")
    ignored = [name for name in header if name and name not in (*required, *optional)]
    return rows, ignored, overlong


def _check_header(header: list[str], required: tuple[str, ...]) -> None:
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        raise ImportFileError(f"These columns appear more than once: {', '.join(duplicates)}.")
    missing = [name for name in required if name not in header]
    if missing:
        hint = ""
        if len(header) == 1 and ";" in header[0]:
            hint = " The columns seem to be separated by semicolons; use commas."
        raise ImportFileError(
            f"The file is missing {'this column' if len(missing) == 1 else 'these columns'}: "
            f"{', '.join(missing)}.{hint}"
        )


# Checking values ---------------------------------------------------------------------------------


class _Bad(Exception):
    """One bad value in a row; the message says which and why."""


def _text(row: dict[str, str], name: str, *, max_length: int, required: bool = True) -> str:
    value = row.get(name, "")
    if required and not value:
        raise _Bad(f"{name} is empty.")
    if len(value) > max_length:
        raise _Bad(f"{name} is longer than {max_length} characters.")
    return value


def _date(row: dict[str, str], name: str) -> date:
    value = row.get(name, "")
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
        if day > timezone.localdate():
            raise _Bad(f"{name} {value} is in the future.")
        return day
    raise _Bad(f"{name} “{value}” is not a date (use YYYY-MM-DD or DD/MM/YYYY).")


def _year_group(row: dict[str, str]) -> int:
    value = row.get("year_group", "").upper().removeprefix("Y").removeprefix("EAR ")
    if value == "R":
        return 0
    if not value.isdigit() or not 0 <= int(value) <= 14:
        raise _Bad(f"year_group “{row.get('year_group', '')}” is not a year group (R or 1 to 14).")
    return int(value)


def _flag(row: dict[str, str], name: str) -> bool:
    value = row.get(name, "").lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise _Bad(f"{name} “{row[name]}” should be Y or N.")


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", value) if part.strip()]


def _needs(row: dict[str, str], status: str) -> list[str]:
    codes = [code.upper() for code in _split(row.get("needs", ""))]
    unknown = [code for code in codes if code not in NeedType.values]
    if unknown:
        raise _Bad(
            f"need type {', '.join(unknown)} is not a census code ({', '.join(NeedType.values)})."
        )
    if len(set(codes)) != len(codes):
        raise _Bad("a need type is listed twice.")
    if status == SenStatus.NONE and codes:
        raise _Bad("a pupil with sen_status N (no SEN) has no need types.")
    if status != SenStatus.NONE and not codes:
        raise _Bad(
            f"a pupil with sen_status {status} needs at least one need type "
            "(NSA if there is no specialist assessment yet)."
        )
    return codes


def _duplicate(seen: dict[str, int], key: str, line: int, what: str) -> None:
    if key in seen:
        raise _Bad(f"{what} {key} is also on line {seen[key]}.")
    seen[key] = line


def _describe(old: object, new: object) -> str:
    def show(value: object) -> str:
        if isinstance(value, bool):
            return "Y" if value else "N"
        if isinstance(value, list):
            return ";".join(value) or "none"
        return str(value) if value not in ("", None) else "blank"

    return f"{show(old)} → {show(new)}"


def _diff(obj: object, values: dict[str, object]) -> list[str]:
    return [
        f"{name}: {_describe(getattr(obj, name), value)}"
        for name, value in values.items()
        if getattr(obj, name) != value
    ]


# Pupils ------------------------------------------------------------------------------------------


def _plan_pupils(school: School, rows: Iterable[Row], plan: _Plan) -> None:
    pupils = list(Pupil.objects.filter(school=school).prefetch_related("needs"))
    by_mis = {p.mis_id: p for p in pupils}
    by_upn = {p.upn: p for p in pupils}
    seen_mis: dict[str, int] = {}
    seen_upn: dict[str, int] = {}
    today = timezone.localdate()
    for line, row in rows:
        try:
            mis_id = _text(row, "mis_id", max_length=40)
            _duplicate(seen_mis, mis_id, line, "mis_id")
            upn = row.get("upn", "").upper()
            problem = upn_problem(upn)
            if problem:
                raise _Bad(f"UPN “{row.get('upn', '')}”: {problem}")
            _duplicate(seen_upn, upn, line, "UPN")
            values: dict[str, object] = {
                "upn": upn,
                "mis_id": mis_id,
                "legal_first_name": _text(row, "legal_first_name", max_length=100),
                "legal_last_name": _text(row, "legal_last_name", max_length=100),
                "date_of_birth": _date(row, "date_of_birth"),
                "year_group": _year_group(row),
            }
            needs: list[str] | None = None  # None: SEN data left as it is
            if plan.sen:
                status = row.get("sen_status", "").upper()
                if status not in SenStatus.values:
                    raise _Bad(
                        f"sen_status “{row.get('sen_status', '')}” is not N, K or E "
                        "(no SEN, SEN support, EHC plan)."
                    )
                values["sen_status"] = status
                needs = _needs(row, status)
                values["primary_need"] = needs[0] if needs else ""
            if "preferred_name" in row:
                values["preferred_name"] = _text(
                    row, "preferred_name", max_length=100, required=False
                )
            if "form" in row:
                values["form"] = _text(row, "form", max_length=20, required=False)
            for name in ("pupil_premium", "eal", "looked_after"):
                if name in row:
                    values[name] = _flag(row, name)
            pupil = by_mis.get(mis_id) or by_upn.get(upn)
            clash = by_upn.get(upn)
            if pupil and clash and clash.pk != pupil.pk:
                raise _Bad(f"UPN {upn} belongs to another pupil (MIS id {clash.mis_id}).")
            if pupil and pupil.mis_id != mis_id and mis_id in by_mis:
                raise _Bad(f"mis_id {mis_id} belongs to another pupil.")
        except _Bad as bad:
            plan.problem(line, str(bad))
            continue
        label = f"{values['legal_first_name']} {values['legal_last_name']} ({mis_id})"
        if pupil is None:
            details: list[str] = []
            if needs is not None:
                details.append(f"SEN status: {SenStatus(values['sen_status']).label}")
                if needs:
                    details.append(f"needs: {';'.join(needs)}")
            plan.changes.append(Change(line, "create", label, tuple(details)))
            plan.operations.append(_create_pupil(school, values, needs or [], today, plan.actor))
            continue
        details = _diff(pupil, values)
        old_needs = [n.need for n in sorted(pupil.needs.all(), key=lambda n: n.rank)]
        if needs is not None and old_needs != needs:
            details.append(f"needs: {_describe(old_needs, needs)}")
        if not details:
            plan.changes.append(Change(line, "unchanged", label))
            continue
        plan.changes.append(Change(line, "update", label, tuple(details)))
        plan.operations.append(_update_pupil(pupil, values, needs, old_needs, today, plan.actor))


def _set_needs(pupil: Pupil, needs: list[str]) -> None:
    pupil.needs.all().delete()
    PupilNeed.objects.bulk_create(
        [PupilNeed(pupil=pupil, need=need, rank=rank) for rank, need in enumerate(needs, 1)]
    )


def _create_pupil(
    school: School, values: dict, needs: list[str], today: date, actor: User | None
) -> Operation:
    def write() -> None:
        pupil = Pupil.objects.create(school=school, **values)
        _set_needs(pupil, needs)
        if pupil.sen_status != SenStatus.NONE:
            SenStatusChange.objects.create(
                pupil=pupil,
                from_status=SenStatus.NONE,
                to_status=pupil.sen_status,
                changed_on=today,
                note="Added by the MIS import.",
                recorded_by=actor,
            )

    return write


def _update_pupil(
    pupil: Pupil,
    values: dict,
    needs: list[str] | None,
    old_needs: list[str],
    today: date,
    actor: User | None,
) -> Operation:
    def write() -> None:
        old_status = pupil.sen_status
        for name, value in values.items():
            setattr(pupil, name, value)
        pupil.save()
        if needs is not None and needs != old_needs:
            _set_needs(pupil, needs)
        if old_status != pupil.sen_status:
            SenStatusChange.objects.create(
                pupil=pupil,
                from_status=old_status,
                to_status=pupil.sen_status,
                changed_on=today,
                note="Changed by the MIS import.",
                recorded_by=actor,
            )

    return write


# Staff -------------------------------------------------------------------------------------------


def _roles(row: dict[str, str]) -> list[str]:
    names = [_normalise_header(name) for name in _split(row.get("roles", ""))]
    if not names:
        raise _Bad("roles is empty: give at least one (for example teacher).")
    unknown = [name for name in names if name not in ROLE_ALIASES]
    if unknown:
        raise _Bad(
            f"role {', '.join(unknown)} is not known (use {', '.join(r.value for r in Role)})."
        )
    return sorted({ROLE_ALIASES[name] for name in names})


def _plan_staff(school: School, rows: Iterable[Row], plan: _Plan) -> None:
    staff = list(User.objects.filter(school=school))
    by_mis = {u.mis_id: u for u in staff if u.mis_id}
    by_email = {u.email: u for u in staff}
    seen_mis: dict[str, int] = {}
    seen_email: dict[str, int] = {}
    row_list = list(rows)
    emails = {row.get("email", "").lower() for _, row in row_list}
    # Email addresses are unique across the whole deployment.
    elsewhere = set(
        User.objects.filter(email__in=emails).exclude(school=school).values_list("email", flat=True)
    )
    for line, row in row_list:
        try:
            mis_id = _text(row, "mis_id", max_length=40)
            _duplicate(seen_mis, mis_id, line, "mis_id")
            email = _text(row, "email", max_length=254).lower()
            try:
                validate_email(email)
            except ValidationError:
                raise _Bad(f"email “{row['email']}” is not an email address.") from None
            _duplicate(seen_email, email, line, "email")
            if email in elsewhere:
                raise _Bad(f"email {email} is already used by an account outside this school.")
            values: dict[str, object] = {
                "mis_id": mis_id,
                "email": email,
                "first_name": _text(row, "first_name", max_length=150),
                "last_name": _text(row, "last_name", max_length=150),
            }
            for name, length in (("title", 20), ("staff_code", 12), ("department", 80)):
                if name in row:
                    values[name] = _text(row, name, max_length=length, required=False)
            roles = _roles(row)
            user = by_mis.get(mis_id) or by_email.get(email)
            other = by_email.get(email)
            if user and other and other.pk != user.pk:
                raise _Bad(f"email {email} belongs to another member of staff.")
            if user and user.mis_id and user.mis_id != mis_id:
                raise _Bad(f"email {email} belongs to staff member with MIS id {user.mis_id}.")
            # The email is the account's sign-in name and where password resets
            # go: an import must never move an existing account to another
            # address, or whoever controls the file could take the account.
            if user and user.email != email:
                raise _Bad(
                    f"the account with MIS id {mis_id} signs in as {user.email}; an import "
                    "cannot change the address someone signs in with."
                )
        except _Bad as bad:
            plan.problem(line, str(bad))
            continue
        label = f"{values['first_name']} {values['last_name']} ({email})"
        withheld = tuple(role for role in roles if role in ROLES_NOT_IMPORTED)
        if withheld:
            plan.withheld_roles.append(WithheldRoles(line, label, withheld))
        roles = [role for role in roles if role not in ROLES_NOT_IMPORTED]
        if user is None:
            plan.changes.append(Change(line, "create", label, tuple(f"role: {r}" for r in roles)))
            plan.operations.append(_create_user(school, values, roles, plan.actor))
            continue
        # Roles from the MIS are added, never taken away: roles given in
        # sendit (the SENDCo's own, for one) must survive the next import.
        new_roles = [role for role in roles if not user.has_role(role)]
        details = _diff(user, values) + [f"role added: {role}" for role in new_roles]
        if not details:
            plan.changes.append(Change(line, "unchanged", label))
            continue
        plan.changes.append(Change(line, "update", label, tuple(details)))
        plan.operations.append(_update_user(user, values, new_roles, plan.actor))


def _create_user(school: School, values: dict, roles: list[str], actor: User | None) -> Operation:
    def write() -> None:
        # Imported staff set their own password through "Forgotten your password?".
        staff_import_create(school=school, values=values, roles=roles, actor=actor)

    return write


def _update_user(user: User, values: dict, roles: list[str], actor: User | None) -> Operation:
    def write() -> None:
        staff_import_update(member=user, values=values, roles_added=roles, actor=actor)

    return write


def _update_object(obj: models.Model, values: dict) -> Operation:
    def write() -> None:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()

    return write


# Teaching groups ---------------------------------------------------------------------------------


def _plan_groups(school: School, rows: Iterable[Row], plan: _Plan) -> None:
    groups = list(TeachingGroup.objects.filter(school=school))
    by_mis = {g.mis_id: g for g in groups if g.mis_id}
    by_code = {g.code: g for g in groups}
    seen_mis: dict[str, int] = {}
    seen_code: dict[str, int] = {}
    for line, row in rows:
        try:
            mis_id = _text(row, "mis_id", max_length=40)
            _duplicate(seen_mis, mis_id, line, "mis_id")
            code = _text(row, "code", max_length=30)
            _duplicate(seen_code, code, line, "code")
            values: dict[str, object] = {
                "mis_id": mis_id,
                "code": code,
                "subject": _text(row, "subject", max_length=80),
                "year_group": _year_group(row),
            }
            group = by_mis.get(mis_id) or by_code.get(code)
            other = by_code.get(code)
            if group and other and other.pk != group.pk:
                raise _Bad(f"code {code} belongs to another group (MIS id {other.mis_id}).")
            if group and group.mis_id and group.mis_id != mis_id:
                raise _Bad(f"code {code} belongs to the group with MIS id {group.mis_id}.")
        except _Bad as bad:
            plan.problem(line, str(bad))
            continue
        label = f"{code} {values['subject']}"
        if group is None:
            plan.changes.append(Change(line, "create", label))
            plan.operations.append(
                lambda values=values: TeachingGroup.objects.create(school=school, **values)
            )
            continue
        details = _diff(group, values)
        if not details:
            plan.changes.append(Change(line, "unchanged", label))
            continue
        plan.changes.append(Change(line, "update", label, tuple(details)))
        plan.operations.append(_update_object(group, values))


# Memberships -------------------------------------------------------------------------------------

_MEMBER_RELATIONS = {"pupil": "pupils", "teacher": "teachers", "ta": "teaching_assistants"}


def _plan_memberships(school: School, rows: Iterable[Row], plan: _Plan) -> None:
    """Each group named in the file ends up with exactly the members the file
    lists, for each kind of member the file gives for that group."""
    groups = {g.mis_id: g for g in TeachingGroup.objects.filter(school=school).exclude(mis_id="")}
    pupils = {
        p.mis_id: p
        for p in Pupil.objects.filter(school=school).only(
            "pk", "mis_id", "legal_first_name", "legal_last_name", "preferred_name"
        )
    }
    staff = {u.mis_id: u for u in User.objects.filter(school=school).exclude(mis_id="")}
    wanted: dict[tuple[int, str], dict[int, tuple[int, str]]] = {}
    seen: dict[str, int] = {}
    for line, row in rows:
        try:
            group_mis_id = _text(row, "group_mis_id", max_length=40)
            group = groups.get(group_mis_id)
            if group is None:
                raise _Bad(f"group_mis_id {group_mis_id} is not a teaching group of this school.")
            kind = MEMBER_TYPES.get(_normalise_header(row.get("member_type", "")))
            if kind is None:
                raise _Bad(
                    f"member_type “{row.get('member_type', '')}” should be pupil, teacher or ta."
                )
            member_mis_id = _text(row, "member_mis_id", max_length=40)
            if kind == "pupil":
                member = pupils.get(member_mis_id)
                if member is None:
                    raise _Bad(f"member_mis_id {member_mis_id} is not a pupil of this school.")
            else:
                member = staff.get(member_mis_id)
                if member is None:
                    raise _Bad(
                        f"member_mis_id {member_mis_id} is not a member of staff of this school."
                    )
            _duplicate(seen, f"{group_mis_id}/{kind}/{member_mis_id}", line, "membership")
        except _Bad as bad:
            plan.problem(line, str(bad))
            continue
        name = member.full_name if kind == "pupil" else member.display_name
        wanted.setdefault((group.pk, kind), {})[member.pk] = (line, f"{name} ({member_mis_id})")
    if plan.problems:
        return
    by_pk = {g.pk: g for g in groups.values()}
    pupil_names = {p.pk: f"{p.full_name} ({p.mis_id})" for p in pupils.values()}
    staff_names = {u.pk: f"{u.display_name} ({u.mis_id or u.email})" for u in staff.values()}
    group_pks = {group_pk for group_pk, _ in wanted}
    current: dict[tuple[int, str], set[int]] = {}
    for kind, relation in _MEMBER_RELATIONS.items():
        through = getattr(TeachingGroup, relation).through
        member_field = "pupil_id" if kind == "pupil" else "user_id"
        for group_pk, member_pk in through.objects.filter(
            teachinggroup_id__in=group_pks
        ).values_list("teachinggroup_id", member_field):
            current.setdefault((group_pk, kind), set()).add(member_pk)
    for (group_pk, kind), members in wanted.items():
        group = by_pk[group_pk]
        now = current.get((group_pk, kind), set())
        kind_label = {"pupil": "pupil", "teacher": "teacher", "ta": "TA"}[kind]
        for member_pk, (line, label) in members.items():
            action = "unchanged" if member_pk in now else "create"
            plan.changes.append(Change(line, action, f"{kind_label} {label} in {group.code}"))
        added = [pk for pk in members if pk not in now]
        removed = sorted(now - members.keys())
        names = pupil_names if kind == "pupil" else staff_names
        for member_pk in removed:
            name = names.get(member_pk) or _other_member_name(kind, member_pk)
            plan.changes.append(Change(0, "remove", f"{kind_label} {name} from {group.code}"))
        if added or removed:
            relation = getattr(group, _MEMBER_RELATIONS[kind])
            plan.operations.append(_sync_members(relation, added, removed))


def _other_member_name(kind: str, pk: int) -> str:
    """A member with no MIS id (added by hand in sendit) who is not in the file."""
    if kind == "pupil":
        return str(Pupil.objects.get(pk=pk))
    return User.objects.get(pk=pk).display_name


def _sync_members(relation: models.Manager, added: list[int], removed: list[int]) -> Operation:
    def write() -> None:
        if removed:
            relation.remove(*removed)
        if added:
            relation.add(*added)

    return write


# Entry points ------------------------------------------------------------------------------------

_PLANNERS = {
    ImportKind.PUPILS: _plan_pupils,
    ImportKind.STAFF: _plan_staff,
    ImportKind.GROUPS: _plan_groups,
    ImportKind.MEMBERSHIPS: _plan_memberships,
}


def may_import_sen(actor: User | None) -> bool:
    """Only the SENDCo imports SEN status and needs. ``None`` is sendit itself
    (a management command or a test of the importer), never a request."""
    return actor is None or actor.has_role(Role.SENDCO)


def _plan(
    *, school: School, kind: str, data: bytes, filename: str, actor: User | None
) -> tuple[ImportResult, _Plan]:
    sen = may_import_sen(actor)
    rows, ignored, overlong = read_rows(data, filename=filename, kind=kind, sen=sen)
    plan = _Plan(actor=actor, sen=sen)
    for line in overlong:
        plan.problem(line, "this row has more cells than the header has columns.")
    _PLANNERS[kind](school, rows, plan)
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
    try:
        with transaction.atomic():
            # Checked again inside the transaction: the records may have
            # changed since the preview.
            result, plan = _plan(
                school=school, kind=kind, data=data, filename=filename, actor=actor
            )
            if not result.ok:
                return result
            for operation in plan.operations:
                operation()
            counts = result.counts
            record_change(
                school=school,
                actor=actor,
                kind=ChangeKind.IMPORT_RUN,
                target=filename,
                details={
                    "import": kind,
                    "created": counts["create"],
                    "updated": counts["update"],
                    "removed": counts["remove"],
                    "unchanged": counts["unchanged"],
                    "sen_columns": "imported" if result.sen_imported else "ignored",
                    "roles_withheld_rows": len(result.withheld_roles),
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
