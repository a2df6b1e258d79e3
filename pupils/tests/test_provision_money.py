"""Money and rules typed into the hourly rates page and the intervention form: what is
refused, what it says, and that nothing typed is lost."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from pupils.models import BroadArea, CostBasis, Intervention, ProgressRule, StaffRate
from tests.factories import make_intervention

TODAY = timezone.localdate()


def _rates(**changes: str) -> dict[str, str]:
    return {"ta": "16.40", "teacher": "38.50", "sendco": "", "slt": ""} | changes


def _url() -> str:
    return reverse("pupils:staff_rates")


@pytest.mark.parametrize("who", ["sendco", "school_admin"])
def test_the_sendco_and_the_school_admin_keep_the_rates(client, cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    response = client.post(_url(), _rates(slt="£1,052.5"))
    assert response.status_code == 302
    saved = dict(StaffRate.objects.filter(school=cast.school).values_list("role", "hourly_rate"))
    assert saved == {"ta": Decimal("16.40"), "teacher": Decimal("38.50"), "slt": Decimal("1052.50")}
    page = client.get(_url()).content.decode()
    assert 'value="16.40"' in page and "Hourly rates saved" in page
    # Emptying a rate takes it away.
    client.post(_url(), _rates(ta="", slt="52"))
    assert not StaffRate.objects.filter(school=cast.school, role="ta").exists()
    assert StaffRate.objects.get(school=cast.school, role="slt").updated_by == getattr(cast, who)


def test_senior_leaders_read_the_rates_and_cannot_change_them(client, cast) -> None:
    StaffRate.objects.create(school=cast.school, role="ta", hourly_rate=Decimal("16.40"))
    client.force_login(cast.slt)
    page = client.get(_url()).content.decode()
    main = page.split("<main")[1].split("</main>")[0]
    assert "£16.40" in page and "<form" not in main
    assert client.post(_url(), _rates(ta="99")).status_code == 404
    assert StaffRate.objects.get(school=cast.school).hourly_rate == Decimal("16.40")


def test_rates_are_the_schools_own(client, cast) -> None:
    StaffRate.objects.create(school=cast.other_school, role="ta", hourly_rate=Decimal("99.99"))
    client.force_login(cast.sendco)
    client.post(_url(), _rates())
    assert StaffRate.objects.get(school=cast.other_school).hourly_rate == Decimal("99.99")
    assert "99.99" not in client.get(_url()).content.decode()


@pytest.mark.parametrize(
    "typed,message",
    [
        ("-5", "Enter an amount of £0 or more: it cannot be negative."),
        ("12.345", "Enter at most 2 decimal places (pence), such as 12.50."),
        ("twelve", "Enter an amount in pounds and pence, such as 12.50."),
        ("1e400", "Enter an amount under £100,000."),
        ("100000", "Enter an amount under £100,000."),
        ("NaN", "Enter an amount in pounds and pence, such as 12.50."),
    ],
)
def test_bad_money_says_why_next_to_the_field_and_above_the_form(
    client, cast, typed: str, message: str
) -> None:
    client.force_login(cast.sendco)
    response = client.post(_url(), _rates(teacher=typed))
    html = response.content.decode()
    assert response.status_code == 200 and not StaffRate.objects.exists()
    assert "There is a problem" in html
    assert html.count(message) == 2  # in the summary and next to the field
    assert f'href="#id_teacher">Teacher: £ an hour: {message}' in html.replace("&#x27;", "'")
    assert f'value="{typed}"' in html and 'value="16.40"' in html  # nothing typed is lost


# The intervention form -----------------------------------------------------------------


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Reading fluency",
        "area": BroadArea.COGNITION,
        "wave": 2,
        "needs": ["SPLD", "MLD"],
        "lead": "",
        "provider": "Eastbridge Reading Service",
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + timedelta(weeks=10)).isoformat(),
        "sessions_per_week": 3,
        "minutes_per_session": 20,
        "cost_basis": CostBasis.SESSION,
        "rate_role": "",
        "cost_per_session": "45.00",
        "extra_cost": "120",
        "extra_cost_note": "graded readers",
        "measure": "reading age",
        "measure_unit": "months",
        "progress_rule": ProgressRule.MONTHS,
        "progress_gain": "",
    }
    return data | changes


def test_an_intervention_with_its_delivery_cost_and_rule(client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.post(reverse("pupils:intervention_create"), _form())
    assert response.status_code == 302
    intervention = Intervention.objects.get()
    assert (intervention.provider, intervention.lead) == ("Eastbridge Reading Service", None)
    assert intervention.cost_per_session == Decimal("45.00") and intervention.rate_role == ""
    assert intervention.extra_cost == Decimal("120.00")
    assert sorted(intervention.needs.values_list("need", flat=True)) == ["MLD", "SPLD"]
    assert intervention.progress_rule == ProgressRule.MONTHS
    detail = client.get(reverse("pupils:intervention_detail", args=[intervention.pk]))
    html = detail.content.decode()
    assert "£45.00 a session, plus £120.00 for graded readers" in html
    assert (
        "Specific learning difficulty" in html and "Eastbridge Reading Service (external)" in html
    )


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"provider": ""}, "lead", "Choose the member of staff who delivers it, or name"),
        ({"cost_per_session": "-45"}, "cost_per_session", "it cannot be negative"),
        ({"cost_per_session": "45.505"}, "cost_per_session", "at most 2 decimal places"),
        ({"cost_per_session": ""}, "cost_per_session", "Enter what one session costs"),
        ({"extra_cost": "-1"}, "extra_cost", "it cannot be negative"),
        ({"extra_cost": "£12.5p"}, "extra_cost", "Enter an amount in pounds and pence"),
        ({"cost_basis": "hourly"}, "rate_role", "Choose the role whose hourly rate pays for it."),
        ({"progress_rule": "gain"}, "progress_gain", "Enter the gain that counts"),
        ({"progress_rule": "gain", "progress_gain": "-2"}, "progress_gain", "0 or more"),
        ({"measure_unit": "points"}, "measure_unit", "This rule counts months"),
        ({"measure": ""}, "measure", "Say what entry and exit are measured by"),
    ],
)
def test_a_bad_intervention_says_why_and_keeps_what_was_typed(
    client, cast, changes: dict, field: str, message: str
) -> None:
    client.force_login(cast.sendco)
    response = client.post(reverse("pupils:intervention_create"), _form(**changes))
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200 and not Intervention.objects.exists()
    assert field in response.context["form"].errors
    assert html.count(message) == 2 and f'href="#id_{field}' in html
    assert 'value="Reading fluency"' in html and 'value="graded readers"' in html
    for name in ("cost_per_session", "extra_cost", "progress_gain"):
        if name in changes and changes[name]:
            assert f'value="{changes[name]}"' in html


def test_staff_and_a_provider_both_is_refused(client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.post(reverse("pupils:intervention_create"), _form(lead=cast.ta.pk))
    assert "not both" in response.context["form"].errors["provider"][0]


def test_an_edit_saved_meanwhile_is_not_overwritten(client, cast) -> None:
    intervention = make_intervention(
        cast.school, name="Spelling", provider="Someone", cost_basis="session"
    )
    intervention.cost_per_session = Decimal("10")
    intervention.save()
    client.force_login(cast.sendco)
    url = reverse("pupils:intervention_edit", args=[intervention.pk])
    opened = client.get(url).context["form"]["version"].value()
    # Someone else saves first.
    client.post(url, _form(name="Spelling catch-up", version=opened))
    intervention.refresh_from_db()
    assert intervention.name == "Spelling catch-up" and intervention.version == opened + 1
    response = client.post(url, _form(name="Spelling for Year 7", version=opened))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This intervention was saved somewhere else since you opened it" in html
    assert "Spelling for Year 7" in html and "Spelling catch-up" in html
    intervention.refresh_from_db()
    assert intervention.name == "Spelling catch-up"
    assert response.context["form"]["version"].value() == str(opened + 1)
    # Saving again, now based on the saved version, replaces it knowingly.
    client.post(url, _form(name="Spelling for Year 7", version=opened + 1))
    intervention.refresh_from_db()
    assert intervention.name == "Spelling for Year 7"
