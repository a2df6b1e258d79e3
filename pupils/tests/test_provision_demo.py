"""With the demo school, the figures of the provision grid, costs and impact pages
agree with the database, counted again here without pupils.queries.

The clock is frozen on 18 November 2026 (Autumn term, default term dates) so that
the demo's dates, relative to today, give the same map on every run.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from pupils.tests.provision_setup import NOON
from schools.models import School, User
from schools.terms import is_term_day, term_from_key

TODAY = NOON.date()


@pytest.fixture
def demo(db):
    with time_machine.travel(NOON, tick=False):
        call_command("seed_demo", verbosity=0)
        yield School.objects.get(slug="demo")


def _sql(query: str, *args: object) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, args)
        return cursor.fetchall()


def _interventions(school: School, where: str, *args: object) -> list[dict]:
    columns = [
        "id", "name", "area", "wave", "starts_on", "ends_on", "sessions_per_week",
        "minutes_per_session", "one_to_one", "cost_basis", "rate_role", "cost_per_session",
        "extra_cost", "progress_rule", "progress_gain",
    ]  # fmt: skip
    rows = _sql(
        f"SELECT {', '.join(columns)} FROM pupils_intervention WHERE school_id = %s AND {where}",
        school.pk,
        *args,
    )
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _places(ids: list[int]) -> list[tuple[int, int, int, Decimal | None, Decimal | None]]:
    if not ids:
        return []
    return _sql(
        "SELECT place.intervention_id, place.pupil_id, pupil.year_group, place.entry_measure,"
        " place.exit_measure FROM pupils_interventionplace place"
        " JOIN pupils_pupil pupil ON pupil.id = place.pupil_id"
        " WHERE place.intervention_id = ANY(%s)",
        ids,
    )


def _rates(school: School) -> dict[str, Decimal]:
    return dict(
        _sql("SELECT role, hourly_rate FROM pupils_staffrate WHERE school_id = %s", school.pk)
    )


def _pence(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _cost(school: School, row: dict, pupils: int, by: date, rates: dict) -> Decimal | None:
    """Sessions in the weeks from the start whose first school day has come, before
    the end date, at the session's cost, plus the extra cost once started."""
    if row["cost_basis"] == "session":
        per_session = row["cost_per_session"]
    elif row["rate_role"] in rates:
        per_session = rates[row["rate_role"]] * row["minutes_per_session"] / 60
    else:
        return None
    last = min(by, row["ends_on"])
    if last < row["starts_on"]:
        return Decimal("0.00")
    weeks = 0
    week = row["starts_on"]
    while week <= last:
        days = [week + timedelta(days=n) for n in range(7)]
        first = next((d for d in days if is_term_day(school, d)), None)
        weeks += first is not None and first <= last
        week += timedelta(days=7)
    sessions = weeks * row["sessions_per_week"] * (pupils if row["one_to_one"] else 1)
    return _pence(per_session * sessions + row["extra_cost"])


def _sign_in(client, email: str) -> None:
    client.force_login(User.objects.get(email=email))


def test_the_grid_agrees_with_the_database(client, demo) -> None:
    term = term_from_key(demo, "2026-autumn")
    running = _interventions(demo, "starts_on <= %s AND ends_on >= %s", term.end, term.start)
    area_of = {row["id"]: row["area"] for row in running}
    cells: dict[tuple[int, str], set[int]] = defaultdict(set)
    for intervention_id, pupil_id, year, _entry, _exit in _places(list(area_of)):
        cells[year, area_of[intervention_id]].add(pupil_id)
    with time_machine.travel(NOON, tick=False):
        _sign_in(client, "slt@demo.test")
        response = client.get(reverse("pupils:provision_grid"))
    grid = response.context["grid"]
    assert grid.term == term and grid.interventions == len(running) >= 15
    keys = [column.key for column in grid.columns]
    for row in grid.rows:
        for key, cell in zip(keys, row.cells, strict=True):
            assert cell.pupils == len(cells.get((row.year, key), set())), (row.year, key)
        in_year = set().union(*(p for (y, _k), p in cells.items() if y == row.year))
        assert row.total == len(in_year)
    for column in grid.columns:
        in_column = set().union(*(p for (_y, k), p in cells.items() if k == column.key))
        assert column.pupils == len(in_column)
    everyone = set().union(*cells.values())
    assert grid.pupils == len(everyone) > 40
    html = response.content.decode()
    assert f"{len(running)} interventions reaching {len(everyone)} pupils" in html


def test_the_costs_agree_with_the_database(client, demo) -> None:
    term = term_from_key(demo, "2026-autumn")
    rates = dict(
        _sql("SELECT role, hourly_rate FROM pupils_staffrate WHERE school_id = %s", demo.pk)
    )
    running = _interventions(demo, "starts_on <= %s AND ends_on >= %s", term.end, term.start)
    pupils: dict[int, set[int]] = defaultdict(set)
    for intervention_id, pupil_id, *_rest in _places([row["id"] for row in running]):
        pupils[intervention_id].add(pupil_id)
    expected = {}
    for row in running:
        n = len(pupils[row["id"]])
        to_date = _cost(demo, row, n, TODAY, rates)
        before = _cost(demo, row, n, term.start - timedelta(days=1), rates)
        projected = _cost(demo, row, n, row["ends_on"], rates)
        assert to_date is not None and before is not None and projected is not None
        expected[row["id"]] = (to_date, to_date - before, projected)
    with time_machine.travel(NOON, tick=False):
        _sign_in(client, "sendco@demo.test")
        response = client.get(reverse("pupils:provision_costs"))
    costs = response.context["costs"]
    shown = {row.id: (row.to_date, row.in_term, row.projected) for row in costs.interventions}
    assert shown == expected
    total_to_date = sum(value[0] for value in expected.values())
    total_projected = sum(value[2] for value in expected.values())
    assert (costs.total.to_date, costs.total.projected) == (total_to_date, total_projected)
    html = response.content.decode()
    assert f"£{total_to_date:,.2f}" in html and f"£{total_projected:,.2f}" in html
    for area in costs.by_area:
        ids = [row["id"] for row in running if row["area"] == area.key]
        assert area.projected == sum((expected[i][2] for i in ids), Decimal("0.00"))
        assert area.pupils == len(set().union(*(pupils[i] for i in ids)))
    for wave in costs.by_wave:
        ids = [row["id"] for row in running if str(row["wave"]) == wave.key]
        assert wave.to_date == sum((expected[i][0] for i in ids), Decimal("0.00"))
    every = set().union(*pupils.values())
    assert costs.total.per_pupil == _pence(total_projected / len(every))


def test_the_impact_summary_agrees_with_the_database(client, demo) -> None:
    term = term_from_key(demo, "2026-autumn")
    spring = term_from_key(demo, "2026-spring")
    ended = _interventions(
        demo, "ends_on >= %s AND ends_on < %s AND ends_on < %s", term.start, spring.start, TODAY
    )
    rates = dict(
        _sql("SELECT role, hourly_rate FROM pupils_staffrate WHERE school_id = %s", demo.pk)
    )
    measures: dict[int, list[tuple]] = defaultdict(list)
    for intervention_id, _pupil, _year, entry, exit_ in _places([row["id"] for row in ended]):
        measures[intervention_id].append((entry, exit_))
    met_total, cost_total = 0, Decimal("0.00")
    expected = {}
    for row in ended:
        gains = [b - a for a, b in measures[row["id"]] if a is not None and b is not None]
        if row["progress_rule"] == "months":
            days = (row["ends_on"] - row["starts_on"]).days
            least = (Decimal(days) * 12 / Decimal("365.25")).quantize(Decimal("0.1"))
        else:
            least = row["progress_gain"]
        met = sum(1 for gain in gains if gain >= least)
        missing = sum(1 for _a, b in measures[row["id"]] if b is None)
        cost = _cost(demo, row, len(measures[row["id"]]), row["ends_on"], rates)
        expected[row["id"]] = (len(measures[row["id"]]), len(gains), met, missing, cost)
        met_total += met
        cost_total += cost or 0
    with time_machine.travel(NOON, tick=False):
        _sign_in(client, "slt@demo.test")
        response = client.get(reverse("pupils:provision_impact"))
    summary = response.context["summary"]
    assert summary.term == term and len(ended) >= 6
    shown = {
        row.id: (row.pupils, row.measured, row.met, row.missing_exit, row.cost)
        for row in summary.interventions
    }
    assert shown == expected
    assert summary.met == met_total and summary.cost == cost_total
    per_met = _pence(cost_total / met_total)
    assert summary.cost_per_pupil_met == per_met
    html = response.content.decode()
    assert f"£{per_met:,.2f}" in html and f"{met_total} pupils" in html
    without_exit = sorted(row["name"] for row in ended if expected[row["id"]][3])
    assert sorted(row.name for row in summary.without_exit) == without_exit != []
