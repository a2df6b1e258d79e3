"""The register in numbers: K and E by year group and by broad area of need."""

from __future__ import annotations

from datetime import date
from typing import Any

from pupils.access import pupils_for
from pupils.models import BroadArea, SenStatus
from pupils.queries import (
    MOVEMENT_KINDS,
    NO_NEED,
    RegisterCounts,
    RegisterMovement,
    register_counts,
    register_counts_on,
    register_movement,
)
from reports.charts import bar_chart
from reports.periods import Period
from reports.registry import BuildContext
from sendit.lib.privacy import Figures


def register_figures(counts: RegisterCounts) -> Figures:
    """Every figure of the register tables and how they add up.

    All pupils = no SEN + SEN support + EHC plan; the register = SEN support +
    EHC plan = the sum of the broad areas (a pupil on the register with no
    need recorded counts under "Other"). The register total appears in both
    tables under one key, so it reads the same in each.
    """
    by_area = areas_of(counts)
    figures = Figures()
    figures.count("all", counts.total)
    figures.count("none", counts.by_status[SenStatus.NONE.value], shown=False)
    for status in (SenStatus.SUPPORT, SenStatus.EHC_PLAN):
        figures.count(status.value, counts.by_status[status.value])
    figures.count("register", sum(by_area.values()))
    for area, n in by_area.items():
        figures.count(f"area:{area}", n)
    figures.total("all", ["none", SenStatus.SUPPORT.value, SenStatus.EHC_PLAN.value])
    figures.total("register", [SenStatus.SUPPORT.value, SenStatus.EHC_PLAN.value])
    figures.total("register", [f"area:{area}" for area in by_area])
    return figures


def areas_of(counts: RegisterCounts) -> dict[str, int]:
    by_area: dict[str, int] = dict.fromkeys(BroadArea.values, 0)
    for area, n in counts.register_by_area.items():
        key = BroadArea.OTHER.value if area == NO_NEED else area
        by_area[key] += n
    return by_area


def share(n: int, total: int) -> str:
    return f"{round(100 * n / total, 1)}%" if total else "0%"


OVERLAPS = (("pupil_premium", "Pupil premium"), ("eal", "EAL"), ("looked_after", "Looked after"))


def headline(counts: RegisterCounts) -> dict[str, Any]:
    """The register's sentence: pupils, K, E and on the register, with their shares."""
    return {
        "total": counts.total,
        "support": counts.support,
        "ehcp": counts.ehcp,
        "on_register": counts.register,
        "share": share(counts.register, counts.total),
        "support_share": share(counts.support, counts.total),
        "ehcp_share": share(counts.ehcp, counts.total),
    }


def year_earlier(day: date) -> date:
    """The same day a year before (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def movement_span(period: Period, today: date) -> tuple[date, date]:
    """Last school year's first day to the period's end (or today, if sooner): the
    period's terms and the same terms a year before."""
    return date(period.school_year - 1, 8, 1), min(period.end, today)


def movement_figures(ctx: BuildContext) -> RegisterMovement:
    first, last = movement_span(ctx.period, ctx.today)
    return register_movement(ctx.school, first=first, last=last, today=ctx.today)


def _last_year(ctx: BuildContext, years: list[int]) -> dict[str, Any]:
    day = year_earlier(ctx.today)
    found = [
        register_counts_on(ctx.school, day, today=ctx.today, status=status)
        for status in (None, SenStatus.SUPPORT, SenStatus.EHC_PLAN)
    ]
    counts, support, ehcp = found
    if counts is None or support is None or ehcp is None:
        return {"day": day, "known": False}
    areas, areas_k, areas_e = areas_of(counts), areas_of(support), areas_of(ehcp)
    return {
        "day": day,
        "known": True,
        **headline(counts),
        # A year group with nobody on roll then whose record is kept: no figures.
        "by_year": {
            y: (
                support.by_year.get(y, 0),
                ehcp.by_year.get(y, 0),
                share(support.by_year.get(y, 0) + ehcp.by_year.get(y, 0), counts.by_year[y]),
            )
            if counts.by_year.get(y)
            else ("–", "–", "no figures")
            for y in years
        },
        "by_area": {
            area.value: (
                areas_k[area.value],
                areas_e[area.value],
                share(areas[area.value], counts.register),
            )
            for area in BroadArea
        },
    }


SHORT_KINDS = ("Added", "Removed", "K to E", "E to K")


def movement_content(movement: RegisterMovement, period: Period) -> dict[str, Any]:
    in_period = [
        t for t in movement.terms if t.term.start <= period.end and t.term.end >= period.start
    ]
    by_year: dict[int, Any] = {}
    for t in in_period:
        for year, m in t.by_year.items():
            by_year[year] = by_year[year] + m if year in by_year else m
    term_rows = [
        (t.term.label, *(getattr(t.total, key) for key, _ in MOVEMENT_KINDS), t.total.net)
        for t in movement.terms
    ]
    return {
        "kinds": [label for _, label in MOVEMENT_KINDS],
        "short": SHORT_KINDS,
        "term_rows": term_rows,
        "year_rows": [
            (f"Year {year}", *(getattr(m, key) for key, _ in MOVEMENT_KINDS), m.net)
            for year, m in sorted(by_year.items())
        ],
        "chart": bar_chart(
            "Movement on, off and within the register by term",
            [row[0] for row in term_rows],
            [
                (label, [row[1 + i] for row in term_rows])
                for i, (_, label) in enumerate(MOVEMENT_KINDS)
            ],
        ),
    }


def register_section(ctx: BuildContext) -> dict[str, Any]:
    pupils = pupils_for(ctx.reader)
    counts = register_counts(pupils)
    support = register_counts(pupils.filter(sen_status=SenStatus.SUPPORT))
    ehcp = register_counts(pupils.filter(sen_status=SenStatus.EHC_PLAN))
    areas, areas_k, areas_e = areas_of(counts), areas_of(support), areas_of(ehcp)
    years = sorted(counts.by_year)
    year_rows = [
        (
            f"Year {y}",
            support.by_year.get(y, 0),
            ehcp.by_year.get(y, 0),
            counts.by_year[y],
            share(support.by_year.get(y, 0) + ehcp.by_year.get(y, 0), counts.by_year[y]),
        )
        for y in years
    ]
    area_rows = [
        (
            area.label,
            areas_k[area.value],
            areas_e[area.value],
            areas[area.value],
            share(areas[area.value], counts.register),
        )
        for area in BroadArea
    ]
    last_year = _last_year(ctx, years)
    comparison_years: list[tuple[Any, Any]] = []
    comparison_areas: list[tuple[Any, Any]] = []
    if last_year["known"]:
        comparison_years = [
            (row, (row[0], *last_year["by_year"][y]))
            for row, y in zip(year_rows, years, strict=True)
        ]
        comparison_areas = [
            (row, (row[0], *last_year["by_area"][area.value]))
            for row, area in zip(area_rows, BroadArea, strict=True)
        ]
    overlap_rows = []
    for field, label in OVERLAPS:
        group = register_counts(pupils.filter(**{field: True}))
        overlap_rows.append(
            (
                label,
                group.support,
                group.ehcp,
                group.register,
                group.total,
                share(group.register, group.total),
            )
        )
    return {
        "register": {
            **headline(counts),
            "year_rows": year_rows,
            "area_rows": area_rows,
            "overlap_rows": overlap_rows,
            "last_year": last_year,
            "comparison_years": comparison_years,
            "comparison_areas": comparison_areas,
            "movement": movement_content(movement_figures(ctx), ctx.period),
            "year_chart": bar_chart(
                "Pupils on the register by year group",
                [row[0] for row in year_rows],
                [
                    ("SEN support (K)", [r[1] for r in year_rows]),
                    ("EHC plan (E)", [r[2] for r in year_rows]),
                ],
                stacked=True,
            ),
            "area_chart": bar_chart(
                "Pupils on the register by broad area of need",
                [row[0] for row in area_rows],
                [
                    ("SEN support (K)", [r[1] for r in area_rows]),
                    ("EHC plan (E)", [r[2] for r in area_rows]),
                ],
                stacked=True,
                horizontal=True,
            ),
        }
    }
