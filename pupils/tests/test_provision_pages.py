"""The provision grid, costs, cost per pupil and impact pages, and the grid's CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pupils.models import StaffRate
from pupils.tests.provision_setup import NOON, Provision, bulk_provision, make_provision
from tests.factories import make_intervention

LIST_PAGES = [
    ("pupils:provision_grid", {}),
    ("pupils:provision_grid", {"across": "wave"}),
    ("pupils:provision_grid_csv", {}),
    ("pupils:provision_costs", {}),
    ("pupils:provision_pupil_costs", {}),
    ("pupils:provision_impact", {}),
]


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def provision(cast, frozen) -> Provision:
    return make_provision(cast.school, lead=cast.ta)


def test_the_grid_page_shows_the_cells_and_totals(client, cast, provision) -> None:
    client.force_login(cast.slt)
    response = client.get(reverse("pupils:provision_grid"))
    html = response.content.decode()
    assert response.status_code == 200 and response.context["grid"].term.key == "2026-autumn"
    assert "3 interventions reaching 4 pupils" in html
    assert "Reading group</a> (2)" in html and "Spring group" not in html
    wave = client.get(reverse("pupils:provision_grid"), {"across": "wave"}).content.decode()
    assert "Wave 3: specialist, individual" in wave
    spring = client.get(reverse("pupils:provision_grid"), {"term": "2026-spring"})
    assert "Spring group" in spring.content.decode()


def test_the_grid_page_says_what_it_did_not_understand(client, cast, provision) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse("pupils:provision_grid"), {"across": "x", "term": "9999-x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "That grid layout is not one sendit knows; showing areas of need instead." in html
    assert "That term is not one sendit knows" in html


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_grid_as_csv(client, cast, provision) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse("pupils:provision_grid_csv"), {"across": "wave"})
    assert response["Content-Type"].startswith("text/csv")
    assert "provision-grid-2026-autumn-wave.csv" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][:3] == [
        "Year group",
        "Wave 1: universal, in class: pupils",
        "Wave 1: universal, in class: interventions (pupils)",
    ]
    by_year = {row[0]: row for row in rows[1:]}
    assert by_year["Year 7"][1:] == ["0", "", "2", "Reading group (2)", "1", "Counselling (1)", "2"]
    assert by_year["All year groups"][-1] == "4"


def test_the_csv_never_hands_a_spreadsheet_a_formula(client, cast, provision) -> None:
    link = '=HYPERLINK("http://example.com","Open")'
    make_intervention(cast.school, name=link, pupils=[provision.y8])
    make_intervention(cast.school, name="+SUM(A1:A9)", pupils=[provision.y9])
    client.force_login(cast.sendco)
    rows = _rows(client.get(reverse("pupils:provision_grid_csv")))
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    by_year = {row[0]: row for row in rows[1:]}
    # Cognition and learning is the second area: its interventions are the fifth column.
    assert by_year["Year 8"][4] == f"'{link} (1); Reading group (1); Social stories (1)"
    assert by_year["Year 9"][4] == "'+SUM(A1:A9) (1)"


def test_the_costs_page(client, cast, provision) -> None:
    client.force_login(cast.slt)
    response = client.get(reverse("pupils:provision_costs"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "£807.60" in html and "£1,137.60" in html and "£284.40 a pupil" in html
    assert "1 intervention cannot be costed yet" in html
    assert "£16.40 an hour" in html and "Senior leader: not set" in html


def test_the_cost_per_pupil_page(client, cast, provision) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse("pupils:provision_pupil_costs"))
    html = response.content.decode()
    assert [pupil for pupil, _cost in response.context["rows"]][0] == provision.y7a
    assert "£544.20" in html and provision.y9.full_name in html
    assert "4 pupils in provision this term." in html


def test_the_impact_page(client, cast, provision) -> None:
    client.force_login(cast.slt)
    response = client.get(reverse("pupils:provision_impact"))
    html = response.content.decode()
    assert response.status_code == 200 and response.context["summary"].term.key == "2026-autumn"
    assert "Cost per pupil who made expected progress" in html and "£147.60" in html
    assert "1 of 2" in html and "+3.5 months" in html
    assert "Reading group</a>: 1 pupil without an exit measure" in html
    assert provision.y7b.full_name in html  # each pupil's change
    assert "Counselling" not in html  # still running


def test_no_cost_reaches_a_teachers_pages(client, cast, provision) -> None:
    make_intervention(
        cast.school, name="Cast group", rate_role="ta", pupils=[cast.pupil], extra_cost=7
    )
    client.force_login(cast.teacher)
    for url in (
        reverse("pupils:my_classes"),
        reverse("pupils:pupil", args=[cast.pupil.pk]),
        reverse("shell:account"),
    ):
        html = client.get(url).content.decode()
        assert "£" not in html and "cost" not in html.lower(), url
        assert "Provision costs" not in html and "Hourly rates" not in html


def test_only_the_leaders_provision_templates_show_money() -> None:
    """Every template that formats money is rendered by a page for SENDCo and SLT
    (or the hourly rates); the access matrix holds those pages to their roles."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates"
    showing = {
        str(path.relative_to(root)) for path in root.rglob("*.html") if "|money" in path.read_text()
    }
    assert showing == {
        "pupils/intervention_detail.html",
        "pupils/provision_costs.html",
        "pupils/provision_costs_totals.html",
        "pupils/provision_impact.html",
        "pupils/provision_pupil_costs.html",
        "pupils/staff_rates.html",
    }


def _count(client, name: str, query: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name), query)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name,query", LIST_PAGES)
def test_queries_stay_the_same_with_10_and_500_pupils(
    client, cast, frozen, name: str, query: dict
) -> None:
    StaffRate.objects.create(school=cast.school, role="ta", hourly_rate=Decimal("16.40"))
    bulk_provision(cast.school, pupils=10, interventions=2, start=0)
    client.force_login(cast.sendco)
    client.get(reverse(name), query)  # the session and the school's terms warm up
    few = _count(client, name, query)
    bulk_provision(cast.school, pupils=490, interventions=30, start=1000)
    many = _count(client, name, query)
    assert many == few, f"{name}: {few} queries with 10 pupils, {many} with 500"
    if name != "pupils:provision_grid_csv":
        response = client.get(reverse(name), query)
        assert response.context["page" if "grid" not in name else "grid"]
