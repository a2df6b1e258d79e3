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

from pupils.mis_import.plan import (
    Bad,
    Change,
    ImportResult,
    Operation,
    Plan,
    RowProblem,
    WithheldRoles,
    check_unique,
)
from pupils.mis_import.reading import (
    COLUMNS,
    MAX_BYTES,
    SEN_COLUMNS,
    ImportFileError,
    ImportKind,
    Row,
    read_csv,
    read_rows,
)
from pupils.mis_import.run import (
    import_apply,
    may_import_sen,
    mis_import_apply,
    mis_import_preview,
    pupil_file_columns_add,
)
from pupils.mis_import.staff import ROLES_NOT_IMPORTED

__all__ = [
    "COLUMNS",
    "Bad",
    "Operation",
    "Plan",
    "Row",
    "check_unique",
    "import_apply",
    "pupil_file_columns_add",
    "read_csv",
    "MAX_BYTES",
    "ROLES_NOT_IMPORTED",
    "SEN_COLUMNS",
    "Change",
    "ImportFileError",
    "ImportKind",
    "ImportResult",
    "RowProblem",
    "WithheldRoles",
    "may_import_sen",
    "mis_import_apply",
    "mis_import_preview",
    "read_rows",
]
