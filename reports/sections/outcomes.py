"""Outcomes: attendance, persistent absence and suspensions of pupils with SEND
against pupils with no SEN (outcomes.queries.attendance_comparison), for the
period's term when the MIS has given its figures, else the school year to date."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from outcomes.queries import (
    AttendanceComparison,
    GroupFigures,
    attendance_comparison,
    attendance_periods,
)
from reports.charts import bar_chart
from reports.periods import Period
from reports.registry import BuildContext
from reports.sections.provision import term_of_period
from schools.models import School


def attendance_for(school: School, period: Period) -> AttendanceComparison:
    term = term_of_period(school, period)
    if (term.school_year, term.name.lower()) in attendance_periods(school):
        return attendance_comparison(school, term=term)
    return attendance_comparison(school, school_year=term.school_year)


def percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{value}%"


def group_row(label: str, g: GroupFigures) -> tuple[str, int, str, int, str, int, str]:
    return (
        label,
        g.pupils,
        percent(g.mean_attendance),
        g.persistent_absentees,
        percent(g.persistent_absence_pct),
        g.pupils_suspended,
        f"{g.suspension_days.normalize():f}",
    )


def outcomes_section(ctx: BuildContext) -> dict[str, Any]:
    found = attendance_for(ctx.school, ctx.period)
    rows = [row for row in found.rows if row.year_group is not None]
    means = [
        float(g.mean_attendance)
        for row in rows
        for g in (row.send, row.no_sen)
        if g.mean_attendance is not None
    ]
    # Attendance sits in the top tenth or so: a scale from 0 would hide the gap.
    low = max(0.0, (min(means, default=100.0) // 5) * 5 - 5)
    return {
        "outcomes": {
            "label": found.label,
            "pupils": found.pupils,
            "group_rows": [group_row(label, g) for _, label, g in found.total.groups],
            "gap": found.total.gap,
            "year_rows": [
                (
                    row.label,
                    percent(row.send.mean_attendance),
                    percent(row.no_sen.mean_attendance),
                    "–" if row.gap is None else f"{row.gap}",
                )
                for row in rows
            ],
            "chart": bar_chart(
                f"Mean attendance by year group, {found.label}",
                [row.label for row in rows],
                [
                    ("SEND (K and E)", [float(row.send.mean_attendance or 0) for row in rows]),
                    ("No SEN", [float(row.no_sen.mean_attendance or 0) for row in rows]),
                ],
                unit="per cent",
                value_range=(low, 100),
            )
            if rows
            else None,
        }
    }
