"""The governor summary's attendance table: a small group's mean, shares and days
never show, and the pupils with figures are the register's own counts."""

from __future__ import annotations

from decimal import Decimal

from outcomes.queries import AttendanceComparison, ComparisonRow, GroupFigures
from reports.sections.governor import merged
from reports.sections.governor_parts import attendance_figures, attendance_rows
from sendit.lib.privacy import FEWER_THAN_5, Figures


def _group(pupils: int, absent: int, suspended: int) -> GroupFigures:
    return GroupFigures(
        pupils=pupils,
        mean_attendance=Decimal("91.5") if pupils else None,
        persistent_absentees=absent,
        persistent_absence_pct=Decimal(100 * absent) / pupils if pupils else None,
        pupils_suspended=suspended,
        suspension_days=Decimal("3.5") * suspended,
    )


def _register(k: int, e: int) -> Figures:
    figures = Figures()
    figures.count("K", k)
    figures.count("E", e)
    figures.count("register", k + e)
    figures.total("register", ["K", "E"])
    return figures


def _found(k: int, e: int) -> AttendanceComparison:
    support, ehc = _group(k, 6, 5), _group(e, 2, 1)
    send = _group(k + e, 8, 6)
    total = ComparisonRow(None, send, support, ehc, _group(300, 20, 7))
    return AttendanceComparison(school_year=2026, term="autumn", rows=[], total=total)


def test_a_small_group_shows_no_mean_share_or_days() -> None:
    register = _register(40, 3)
    part = attendance_figures(_found(40, 3), register)
    shown = merged(register, part.figures).suppress()
    rows = {row[0]: row for row in attendance_rows(shown, part.extra)["rows"]}
    ehc = rows["EHC plan (E)"]
    assert ehc[1] == FEWER_THAN_5  # the register's own count of E
    assert ehc[2] == "not shown" and ehc[4] == "not shown" and ehc[6] == "not shown"
    assert rows["No SEN"][2] == "91.5%" and rows["No SEN"][6] == "24.5"
    # One key for the pupils with figures and the register's E: they read the same.
    assert part.extra["keys"]["pupils", "ehc"] == "E"


def test_pupils_without_figures_get_their_own_counts() -> None:
    register = _register(40, 9)
    part = attendance_figures(_found(38, 9), register)
    assert part.extra["keys"]["pupils", "support"] == "att:pupils:support"
    shown = merged(register, part.figures).suppress()
    rows = {row[0]: row for row in attendance_rows(shown, part.extra)["rows"]}
    assert rows["SEN support (K)"][1] == "38" and rows["All SEND (K and E)"][1] == "47"
