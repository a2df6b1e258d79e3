"""Provision and impact in the term: interventions by wave and by broad area of need,
the pupils they reach, what they cost to date and projected to their end, and,
for those that ended in the term, the change from entry to exit, how many met
the expected-progress rule and which lack exit measures. Every figure from
pupils.queries (provision_grid, provision_costs, impact_summary)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pupils.queries import (
    ImpactSummary,
    ProvisionCosts,
    ProvisionGrid,
    Who,
    impact_summary,
    provision_costs,
    provision_grid,
)
from pupils.templatetags.provision_tags import money, signed
from reports.charts import bar_chart
from reports.periods import Period
from reports.registry import BuildContext
from schools.models import School
from schools.terms import Term, latest_term


def term_of_period(school: School, period: Period) -> Term:
    """The school term a period falls in (a half-term's own term)."""
    return latest_term(school, period.start)


def provision_figures(
    who: Who, term: Term, today: date
) -> tuple[ProvisionGrid, ProvisionGrid, ProvisionCosts, ImpactSummary]:
    return (
        provision_grid(who, term, across="wave"),
        provision_grid(who, term, across="area"),
        provision_costs(who, term, today=today),
        impact_summary(who, term, today=today),
    )


def provision_section(ctx: BuildContext) -> dict[str, Any]:
    term = term_of_period(ctx.school, ctx.period)
    waves, areas, costs, impact = provision_figures(ctx.reader, term, ctx.today)
    by_wave = {total.key: total for total in costs.by_wave}
    by_area = {total.key: total for total in costs.by_area}
    wave_rows = [
        (
            f"Wave {column.key}",
            column.interventions,
            column.pupils,
            money(by_wave[column.key].to_date),
            money(by_wave[column.key].projected),
        )
        for column in waves.columns
    ]
    area_rows = [
        (
            column.label,
            column.interventions,
            column.pupils,
            money(by_area[column.key].to_date),
            money(by_area[column.key].projected),
        )
        for column in areas.columns
    ]
    return {
        "provision": {
            "term": term,
            "as_of": costs.as_of,
            "interventions": waves.interventions,
            "pupils": waves.pupils,
            "to_date": money(costs.total.to_date),
            "projected": money(costs.total.projected),
            "unknown": costs.total.unknown,
            "wave_rows": wave_rows,
            "area_rows": area_rows,
            "chart": bar_chart(
                "Pupils reached by broad area of need and by wave",
                [column.label for column in areas.columns]
                + [f"Wave {column.key}" for column in waves.columns],
                [
                    (
                        "Pupils reached",
                        [column.pupils for column in areas.columns]
                        + [column.pupils for column in waves.columns],
                    )
                ],
                horizontal=True,
            ),
            "cost_rows": [
                (
                    row.name,
                    row.wave,
                    row.area_label,
                    row.pupils,
                    money(row.to_date),
                    money(row.projected),
                )
                for row in costs.interventions
            ],
            "impact": {
                "ended": len(impact.interventions),
                "pupils": impact.pupils,
                "measured": impact.measured,
                "met": impact.met,
                "with_rule": len(impact.with_rule),
                "cost": money(impact.cost),
                "cost_per_pupil_met": money(impact.cost_per_pupil_met),
                "rows": [
                    (
                        row.name,
                        row.ends_on,
                        row.pupils,
                        row.measured,
                        f"{signed(row.average_gain)} {row.unit}".strip()
                        if row.average_gain is not None
                        else "–",
                        "no rule set" if row.met is None else f"{row.met} of {row.measured}",
                        row.missing_exit,
                    )
                    for row in impact.interventions
                ],
                "without_exit": [(row.name, row.missing_exit) for row in impact.without_exit],
            },
        }
    }
