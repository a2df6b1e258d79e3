"""The register in numbers: K and E by year group and by broad area of need."""

from __future__ import annotations

from typing import Any

from pupils.access import pupils_for
from pupils.models import BroadArea, SenStatus
from pupils.queries import NO_NEED, RegisterCounts, register_counts
from reports.charts import bar_chart
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
            "total": counts.total,
            "support": counts.support,
            "ehcp": counts.ehcp,
            "on_register": counts.register,
            "share": share(counts.register, counts.total),
            "support_share": share(counts.support, counts.total),
            "ehcp_share": share(counts.ehcp, counts.total),
            "year_rows": year_rows,
            "area_rows": area_rows,
            "overlap_rows": overlap_rows,
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
