"""The provision figures in pupils/queries.py, on a small known map (provision_setup.py)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine

from pupils.queries import (
    impact_summary,
    intervention_impact,
    provision_costs,
    provision_grid,
    pupil_provision_costs,
)
from pupils.tests.provision_setup import NOON, TODAY, Provision, make_provision
from schools.terms import latest_term, term_from_key
from tests.factories import make_intervention


@pytest.fixture
def provision(cast) -> Provision:
    with time_machine.travel(NOON, tick=False):
        yield make_provision(cast.school, lead=cast.ta)


def _autumn(cast):
    return term_from_key(cast.school, "2026-autumn")


def _cell(grid, year: int, key: str):
    row = next(row for row in grid.rows if row.year == year)
    return row.cells[[column.key for column in grid.columns].index(key)]


def test_the_grid_counts_each_pupil_once_in_a_total(cast, provision) -> None:
    grid = provision_grid(cast.sendco, _autumn(cast))
    assert grid.interventions == 3 and grid.pupils == 4  # the spring group is not in it
    cl = _cell(grid, 7, "cl")
    assert [(i.name, i.pupils) for i in cl.interventions] == [("Reading group", 2)]
    assert cl.pupils == 2
    assert [(i.name, i.pupils) for i in _cell(grid, 8, "cl").interventions] == [
        ("Reading group", 1),
        ("Social stories", 1),
    ]
    assert _cell(grid, 8, "cl").pupils == 1  # the same pupil in both
    totals = {row.year: row.total for row in grid.rows}
    assert totals[7] == 2 and totals[8] == 1 and totals[9] == 1  # y7a in two areas: once
    columns = {column.key: (column.pupils, column.interventions) for column in grid.columns}
    assert columns["cl"] == (3, 2) and columns["semh"] == (2, 1) and columns["ci"] == (0, 0)


def test_the_grid_by_wave_and_by_term(cast, provision) -> None:
    by_wave = provision_grid(cast.slt, _autumn(cast), across="wave")
    assert [column.key for column in by_wave.columns] == ["1", "2", "3"]
    assert [i.name for i in _cell(by_wave, 8, "1").interventions] == ["Social stories"]
    assert [i.name for i in _cell(by_wave, 7, "3").interventions] == ["Counselling"]
    last_spring = provision_grid(cast.sendco, term_from_key(cast.school, "2025-spring"))
    assert last_spring.interventions == 0 and last_spring.pupils == 0
    spring = provision_grid(cast.sendco, term_from_key(cast.school, "2026-spring"))
    assert spring.interventions == 1 and _cell(spring, 9, "ci").pupils == 1
    with pytest.raises(ValueError):
        provision_grid(cast.sendco, _autumn(cast), across="year")


def test_costs_to_date_in_the_term_and_projected(cast, provision) -> None:
    costs = provision_costs(cast.sendco, _autumn(cast), today=TODAY)
    assert costs.as_of == TODAY
    rows = {row.name: row for row in costs.interventions}
    reading = rows["Reading group"]
    # 27 sessions of 20 minutes at £16.40 an hour.
    assert (reading.sessions_to_date, reading.staff_hours_to_date) == (27, Decimal("9.0"))
    assert reading.to_date == reading.in_term == reading.projected == Decimal("147.60")
    assert reading.per_pupil == Decimal("49.20") and reading.deliverer == cast.ta.display_name
    counselling = rows["Counselling"]
    # Weeks of 5 Oct to 16 Nov, less half-term: 6, for each of 2 pupils, at £55.
    assert counselling.sessions_to_date == 12 and counselling.to_date == Decimal("660.00")
    assert counselling.projected == Decimal("990.00") and counselling.per_pupil == Decimal("495")
    assert counselling.deliverer == "Open Door (external)"
    assert not rows["Social stories"].known and rows["Social stories"].to_date is None
    assert [row.name for row in costs.without_cost] == ["Social stories"]
    total = costs.total
    assert (total.to_date, total.projected) == (Decimal("807.60"), Decimal("1137.60"))
    assert (total.pupils, total.unknown, total.per_pupil) == (4, 1, Decimal("284.40"))
    by_area = {row.key: row for row in costs.by_area}
    assert (by_area["cl"].interventions, by_area["cl"].pupils) == (2, 3)
    assert by_area["cl"].projected == Decimal("147.60") and by_area["cl"].unknown == 1
    assert by_area["semh"].projected == Decimal("990.00")
    by_wave = {row.key: row for row in costs.by_wave}
    assert by_wave["3"].to_date == Decimal("660.00") and by_wave["1"].unknown == 1


def test_cost_in_the_term_leaves_out_what_came_before_it(cast, provision) -> None:
    early = make_intervention(
        cast.school,
        name="Summer into autumn",
        starts_on=date(2026, 7, 6),
        ends_on=date(2026, 9, 27),
        rate_role="ta",
        minutes_per_session=60,
        extra_cost=Decimal("10.00"),
        pupils=[provision.y9],
    )
    row = next(
        r
        for r in provision_costs(cast.sendco, _autumn(cast), today=TODAY).interventions
        if r.id == early.pk
    )
    # Weeks of 6, 13 and 20 July have lessons, then the summer holiday, then 31 August
    # (1 September is a term day), 7, 14 and 21 September: 7 weeks at £16.40, and £10.
    assert row.projected == row.to_date == Decimal("124.80")
    assert row.in_term == Decimal("65.60")  # four weeks from 31 August


def test_a_term_still_to_come_has_cost_nothing_yet(cast, provision) -> None:
    make_intervention(
        cast.school,
        name="Across the new year",
        starts_on=date(2026, 11, 2),
        ends_on=date(2027, 2, 5),
        rate_role="ta",
        pupils=[provision.y9],
    )
    spring = term_from_key(cast.school, "2026-spring")
    costs = provision_costs(cast.sendco, spring, today=TODAY)
    assert costs.as_of == TODAY
    rows = {row.name: row for row in costs.interventions}
    assert rows["Spring group"].to_date == rows["Spring group"].in_term == Decimal("0.00")
    across = rows["Across the new year"]
    assert across.to_date == Decimal("8.20") * 3  # 2, 9 and 16 November, 30 minutes
    assert across.in_term == Decimal("0.00") and across.projected > across.to_date
    assert costs.total.in_term == Decimal("0.00")


def test_each_pupils_share_of_the_costs(cast, provision) -> None:
    shares = pupil_provision_costs(cast.sendco, _autumn(cast), today=TODAY)
    by_pupil = {share.pupil_id: share for share in shares}
    assert shares[0].pupil_id == provision.y7a.pk
    assert by_pupil[provision.y7a.pk].projected == Decimal("544.20")  # 49.20 + 495
    assert by_pupil[provision.y7a.pk].to_date == Decimal("379.20")  # 49.20 + 330
    assert by_pupil[provision.y9.pk].projected == Decimal("495.00")
    assert by_pupil[provision.y8.pk].interventions == 2 and by_pupil[provision.y8.pk].unknown == 1
    assert sum(share.projected for share in shares) == Decimal("1137.60")


def test_impact_of_what_ended_in_the_term(cast, provision) -> None:
    summary = impact_summary(cast.slt, _autumn(cast), today=TODAY)
    assert [row.name for row in summary.interventions] == ["Reading group"]
    row = summary.interventions[0]
    assert (row.pupils, row.measured, row.met, row.missing_exit) == (3, 2, 1, 1)
    assert row.average_gain == Decimal("3.5") and row.unit == "months"
    assert row.cost == Decimal("147.60") and row.cost_per_pupil_met == Decimal("147.60")
    assert (summary.pupils, summary.met, summary.cost) == (3, 1, Decimal("147.60"))
    assert [r.name for r in summary.without_exit] == ["Reading group"]
    # It ended on the 15th: on that day it has not ended yet.
    assert not impact_summary(cast.slt, _autumn(cast), today=date(2026, 11, 15)).interventions


def test_an_end_date_in_the_holiday_comes_under_the_term_before(cast, provision) -> None:
    make_intervention(
        cast.school,
        name="Into the holiday",
        starts_on=date(2026, 11, 2),
        ends_on=date(2026, 12, 23),
        pupils=[provision.y9],
    )
    autumn = _autumn(cast)
    assert autumn.end == date(2026, 12, 18)
    summary = impact_summary(cast.sendco, autumn, today=date(2027, 1, 5))
    assert {row.name for row in summary.interventions} == {
        "Reading group",
        "Counselling",
        "Social stories",
        "Into the holiday",
    }
    into = next(row for row in summary.interventions if row.name == "Into the holiday")
    assert into.met is None and into.cost is None  # no rule, no rate
    assert summary.cost_per_pupil_met is not None
    assert latest_term(cast.school, date(2026, 12, 23)) == autumn


def test_each_pupils_change_and_the_rule(cast, provision) -> None:
    impact = intervention_impact(cast.sendco, provision.reading, today=TODAY)
    assert impact is not None and impact.ended
    assert [(p.name, p.gain, p.met) for p in impact.pupils] == [
        (provision.y7a.full_name, Decimal("6.0"), True),
        (provision.y7b.full_name, Decimal("1.0"), False),
        (provision.y8.full_name, None, None),
    ]
    assert impact.expected_gain == Decimal("2.3")  # 69 days
    assert (impact.measured, impact.met, impact.missing_exit) == (2, 1, 1)
    assert intervention_impact(cast.other_sendco, provision.reading) is None


def test_a_school_reads_the_same_figures_as_its_leaders(cast, provision) -> None:
    autumn = _autumn(cast)
    assert provision_grid(cast.school, autumn) == provision_grid(cast.sendco, autumn)
    assert provision_costs(cast.school, autumn, today=TODAY) == provision_costs(
        cast.slt, autumn, today=TODAY
    )
    assert impact_summary(cast.school, autumn, today=TODAY) == impact_summary(
        cast.sendco, autumn, today=TODAY
    )


@pytest.mark.parametrize("role", ["teacher", "ta", "governor", "school_admin"])
def test_others_get_no_figures(cast, provision, role: str) -> None:
    user = getattr(cast, role)
    autumn = _autumn(cast)
    assert provision_grid(user, autumn).interventions == 0
    assert provision_costs(user, autumn, today=TODAY).interventions == []
    assert pupil_provision_costs(user, autumn, today=TODAY) == []
    assert impact_summary(user, autumn, today=TODAY).interventions == []
    assert intervention_impact(user, provision.reading) is None


def test_another_schools_provision_stays_out(cast, provision) -> None:
    make_intervention(
        cast.other_school,
        starts_on=TODAY - timedelta(days=10),
        ends_on=TODAY - timedelta(days=1),
        pupils=[cast.other_pupil],
    )
    assert provision_grid(cast.sendco, _autumn(cast)).interventions == 3
    assert provision_grid(cast.other_sendco, _autumn(cast)).interventions == 1
