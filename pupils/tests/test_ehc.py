"""EHC plan details: dates, the computed next annual review, overdue ones, the dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pupils.dashboard import panels
from pupils.models import EhcPlan, SenStatus
from tests.factories import make_ehc_plan, make_pupil

TODAY = timezone.localdate()


@pytest.fixture
def ehc_pupil(cast):
    return make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN, legal_last_name="Planholder")


def test_next_review_is_a_year_after_the_last_or_after_issue() -> None:
    assert EhcPlan(issued_on=date(2024, 3, 5)).next_review_due == date(2025, 3, 5)
    plan = EhcPlan(issued_on=date(2022, 1, 10), last_annual_review=date(2024, 2, 29))
    assert plan.next_review_due == date(2025, 2, 28)
    day = date(2025, 2, 1)
    assert not plan.review_overdue(day) and plan.review_due_soon(day)
    assert not plan.review_due_soon(date(2025, 1, 1))  # more than six weeks before
    assert plan.review_overdue(date(2025, 3, 1)) and not plan.review_due_soon(date(2025, 3, 1))


def _form(**changes) -> dict:
    data = {
        "issued_on": "2023-06-14",
        "local_authority": "Northshire County Council",
        "last_annual_review": (TODAY - timedelta(days=100)).isoformat(),
    }
    return data | changes


def test_sign_in_is_required(client, ehc_pupil) -> None:
    response = client.get(reverse("pupils:ehc_edit", args=[ehc_pupil.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ["slt", "teacher", "ta", "governor", "school_admin"])
def test_only_the_sendco_records_plan_details(client, cast, ehc_pupil, role: str) -> None:
    client.force_login(getattr(cast, role))
    assert client.post(reverse("pupils:ehc_edit", args=[ehc_pupil.pk]), _form()).status_code == 404
    assert not EhcPlan.objects.exists()


def test_sendco_records_then_edits_the_plan(client, cast, ehc_pupil) -> None:
    client.force_login(cast.sendco)
    url = reverse("pupils:ehc_edit", args=[ehc_pupil.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(), follow=True)
    plan = EhcPlan.objects.get()
    assert plan.pupil == ehc_pupil and plan.local_authority == "Northshire County Council"
    due = TODAY - timedelta(days=100) + timedelta(days=365)
    html = response.content.decode()
    assert "Northshire County Council" in html
    assert abs((plan.next_review_due - due).days) <= 1
    assert "Overdue" not in html

    client.post(url, _form(last_annual_review="2024-01-10"))
    plan.refresh_from_db()
    assert EhcPlan.objects.count() == 1 and plan.next_review_due == date(2025, 1, 10)
    page = client.get(reverse("pupils:pupil", args=[ehc_pupil.pk])).content.decode()
    assert "10 January 2025" in page and "Overdue" in page


def test_only_pupils_with_an_ehc_plan_have_plan_details(client, cast) -> None:
    client.force_login(cast.sendco)
    assert client.get(reverse("pupils:ehc_edit", args=[cast.pupil.pk])).status_code == 404


def test_another_schools_pupil_is_404(client, cast) -> None:
    theirs = make_pupil(cast.other_school, sen_status=SenStatus.EHC_PLAN)
    client.force_login(cast.sendco)
    assert client.get(reverse("pupils:ehc_edit", args=[theirs.pk])).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"issued_on": (TODAY + timedelta(days=3)).isoformat()}, "issued_on", "future"),
        ({"last_annual_review": "2020-01-01"}, "last_annual_review", "before the plan was issued"),
        ({"local_authority": ""}, "local_authority", "required"),
    ],
)
def test_bad_dates_are_refused(client, cast, ehc_pupil, changes, field, message) -> None:
    client.force_login(cast.sendco)
    response = client.post(reverse("pupils:ehc_edit", args=[ehc_pupil.pk]), _form(**changes))
    assert response.status_code == 200 and not EhcPlan.objects.exists()
    assert message in " ".join(response.context["form"].errors[field])
    assert "There is a problem" in response.content.decode()


def test_reviews_list_puts_overdue_first_and_lists_plans_without_details(
    client, cast, django_assert_max_num_queries
) -> None:
    overdue = make_ehc_plan(
        make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN, legal_last_name="Overdue"),
        last_annual_review=TODAY - timedelta(days=400),
    )
    soon = make_ehc_plan(
        make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN, legal_last_name="Soon"),
        last_annual_review=TODAY - timedelta(days=350),
    )
    for _ in range(12):
        make_ehc_plan(
            make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN),
            last_annual_review=TODAY - timedelta(days=100),
        )
    missing = make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN, legal_last_name="Nodetails")
    make_ehc_plan(make_pupil(cast.other_school, sen_status=SenStatus.EHC_PLAN))
    client.force_login(cast.slt)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("pupils:ehc_reviews"))
    rows = response.context["rows"]
    assert [plan for plan, *_ in rows][:2] == [overdue, soon]
    assert rows[0][1] is True and rows[1][2] is True
    assert len(rows) == 14
    html = response.content.decode()
    assert "Overdue" in html and "Due within 6 weeks" in html
    assert list(response.context["without_details"]) == [missing]


def test_sendco_dashboard_shows_reviews_due_within_six_weeks(cast) -> None:
    day = date(2026, 5, 1)
    due = make_ehc_plan(
        make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN),
        last_annual_review=date(2025, 6, 1),
    )
    make_ehc_plan(
        make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN),
        last_annual_review=date(2025, 9, 1),
    )
    panel = next(p for p in panels(cast.sendco, today=day) if "EHC" in p.title)
    assert panel.context["plans"] == [due] and panel.context["total"] == 1
    assert panels(cast.slt, today=day) == []
