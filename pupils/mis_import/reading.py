"""Reading an MIS export: size, type, encoding, the header and the rows.

What each kind of file holds is described in ``samples/mis/README.md``.
A file that cannot be read as a whole raises ImportFileError; the rows
are checked by the module for their kind.
"""

from __future__ import annotations

import csv
import io
import re

from django.db import models

MAX_BYTES = 2 * 1024 * 1024

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
        ("preferred_name", "form", "pupil_premium", "eal", "looked_after", "left_on"),
    ),
    ImportKind.STAFF: (
        ("mis_id", "email", "first_name", "last_name", "roles"),
        ("title", "staff_code", "department"),
    ),
    ImportKind.GROUPS: (("mis_id", "code", "subject", "year_group"), ()),
    ImportKind.MEMBERSHIPS: (("group_mis_id", "member_type", "member_mis_id"), ()),
}


class ImportFileError(Exception):
    """The file as a whole cannot be read: too large, not CSV, not UTF-8, missing columns."""


Row = tuple[int, dict[str, str]]


def normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _columns(kind: str, *, sen: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    required, optional = COLUMNS[kind]
    if kind == ImportKind.PUPILS and not sen:
        required = tuple(name for name in required if name not in SEN_COLUMNS)
    return required, optional


# Columns other apps add to the pupil file (optional, checked by their own
# planner): outcomes adds attendance and suspensions (see run.py).
EXTRA_PUPIL_COLUMNS: list[str] = []


def read_rows(
    data: bytes, *, filename: str, kind: str, sen: bool = True
) -> tuple[list[Row], list[str], list[int]]:
    """The data rows with their line numbers, the columns that are ignored, and
    the lines with more cells than the header has columns."""
    if kind not in COLUMNS:
        raise ImportFileError("Choose what the file holds.")
    required, optional = _columns(kind, sen=sen)
    if kind == ImportKind.PUPILS:
        optional = (*optional, *EXTRA_PUPIL_COLUMNS)
    # Dropped as the file is read: nothing below can show or write them.
    dropped = SEN_COLUMNS if kind == ImportKind.PUPILS and not sen else ()
    return read_csv(data, filename=filename, required=required, optional=optional, drop=dropped)


def read_csv(
    data: bytes,
    *,
    filename: str,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    one_of: tuple[str, ...] = (),
    drop: tuple[str, ...] = (),
) -> tuple[list[Row], list[str], list[int]]:
    """Read any CSV import: size, type, encoding, the header (``required``
    columns, and at least one of ``one_of`` when given) and the rows, with
    the columns in ``drop`` left out. The rows with their line numbers, the
    columns that are ignored, and the lines with more cells than the header."""
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
        header = [normalise_header(name) for name in next(reader)]
        _check_header(header, required)
        if one_of and not any(name in header for name in one_of):
            raise ImportFileError(f"The file needs one of these columns: {', '.join(one_of)}.")
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
            if drop:
                values = {name: v for name, v in values.items() if name not in drop}
            rows.append((line, values))
    except csv.Error as error:
        raise ImportFileError(
            f"The file could not be read as CSV (line {reader.line_num}: {error})."
        ) from None
    if not rows and not overlong:
        raise ImportFileError("The file has a header row but no data rows.")
    known = (*required, *optional, *one_of)
    ignored = [name for name in header if name and name not in known]
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
