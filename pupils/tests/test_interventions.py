"""The provision map: interventions, their pupils, entry and exit measures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pupils.models import BroadArea, Intervention, InterventionPlace, Pupil, SenStatus
from pupils.upn import make_upn
from tests.factories import make_intervention, make_pupil

TODAY = timezone.localdate()


def _ended(school, **extra) -> Intervention:
    return make_intervention(
        school,
        starts_on=TODAY - timedelta(days=100),
        ends_on=TODAY - timedelta(days=10),
        **extra,
    )


@pytest.mark.parametrize(
    "name",
    ["pupils:interventions", "pupils:interventions_missing_exit", "pupils:intervention_create"],
)
def test_sign_in_is_required(client, cast, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ["teacher", "ta", "governor", "school_admin", "teacher2"])
def test_classroom_staff_governors_and_admins_get_404(client, cast, role: str) -> None:
    intervention = make_intervention(cast.school, pupils=[cast.pupil])
    client.force_login(getattr(cast, role))
    for url in (
        reverse("pupils:interventions"),
        reverse("pupils:intervention_detail", args=[intervention.pk]),
        reverse("pupils:interventions_missing_exit"),
    ):
        assert client.get(url).status_code == 404


def test_list_shows_each_intervention_with_its_numbers(client, cast) -> None:
    lead = cast.ta
    make_intervention(
        cast.school,
        name="Reading fluency",
        area=BroadArea.COGNITION,
        lead=lead,
        sessions_per_week=3,
        minutes_per_session=20,
        pupils=[cast.pupil, cast.pupil2],
    )
    make_intervention(cast.other_school, name="Elsewhere club", pupils=[cast.other_pupil])
    client.force_login(cast.slt)
    response = client.get(reverse("pupils:interventions"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reading fluency" in html and "Elsewhere club" not in html
    assert lead.display_name in html and "Cognition and learning" in html
    assert "3 × 20 min" in html
    assert response.context["page"][0].pupil_count == 2
    assert "Add an intervention" not in html  # SLT read only


def test_list_filters_by_status_and_area(client, cast) -> None:
    make_intervention(cast.school, name="Running now", area=BroadArea.SEMH)
    _ended(cast.school, name="Finished", area=BroadArea.SEMH)
    make_intervention(
        cast.school,
        name="Next term",
        starts_on=TODAY + timedelta(days=20),
        ends_on=TODAY + timedelta(days=80),
        area=BroadArea.COMMUNICATION,
    )
    client.force_login(cast.sendco)

    def names(**query) -> set[str]:
        response = client.get(reverse("pupils:interventions"), query)
        return {i.name for i in response.context["page"]}

    assert names() == {"Running now"}
    assert names(status="ended") == {"Finished"}
    assert names(status="planned") == {"Next term"}
    assert names(status="all") == {"Running now", "Finished", "Next term"}
    assert names(status="all", area=BroadArea.SEMH) == {"Running now", "Finished"}


def _bulk_pupils(school, count: int, start: int) -> list[Pupil]:
    return Pupil.objects.bulk_create(
        Pupil(
            school=school,
            upn=make_upn(f"555{start + n:09d}"),
            mis_id=f"BULK{start + n}",
            legal_first_name="Bulk",
            legal_last_name=f"Pupil{start + n}",
            date_of_birth=TODAY - timedelta(days=4500),
            year_group=8,
            sen_status=SenStatus.SUPPORT,
        )
        for n in range(count)
    )


def _list_queries(client, cast) -> int:
    client.force_login(cast.sendco)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("pupils:interventions"), {"status": "all"})
    assert response.status_code == 200
    return len(captured)


def test_list_query_count_stays_the_same_with_10_and_500_pupils(
    client, cast, django_assert_max_num_queries
) -> None:
    few = _bulk_pupils(cast.school, 10, 0)
    for n in range(2):
        make_intervention(cast.school, lead=cast.ta, pupils=few[n * 5 : (n + 1) * 5])
    with_few = _list_queries(client, cast)

    many = _bulk_pupils(cast.school, 490, 1000) + few
    for n in range(25):
        _ended(cast.school, lead=cast.teacher, pupils=many[n * 20 : (n + 1) * 20])
    with django_assert_max_num_queries(with_few):
        response = client.get(reverse("pupils:interventions"), {"status": "all"})
    assert len(response.context["page"]) == 25  # a full page of rows was rendered
    assert _list_queries(client, cast) == with_few


def test_missing_exit_list_shows_only_ended_interventions_with_gaps(
    client, cast, django_assert_max_num_queries
) -> None:
    gaps = _ended(cast.school, name="Spelling catch-up", pupils=[cast.pupil, cast.pupil2])
    gaps.places.filter(pupil=cast.pupil).update(entry_measure=90, exit_measure=98)
    complete = _ended(cast.school, name="Handwriting", pupils=[cast.pupil])
    complete.places.update(entry_measure=5, exit_measure=8)
    make_intervention(cast.school, name="Still running", pupils=[cast.pupil])
    for n in range(10):
        _ended(cast.school, name=f"Old group {n}", pupils=[cast.pupil, cast.pupil2])
    client.force_login(cast.slt)
    with django_assert_max_num_queries(9):  # +1: the unread count in the header
        response = client.get(reverse("pupils:interventions_missing_exit"))
    html = response.content.decode()
    assert "Spelling catch-up" in html and "Old group 9" in html
    assert "Handwriting" not in html and "Still running" not in html
    spelling = next(i for i in response.context["page"] if i.name == "Spelling catch-up")
    assert [place.pupil for place in spelling.missing_places] == [cast.pupil2]


def test_detail_shows_measures_and_gain(client, cast) -> None:
    intervention = _ended(cast.school, name="Reading fluency", pupils=[cast.pupil, cast.pupil2])
    intervention.places.filter(pupil=cast.pupil).update(
        entry_measure=100, exit_measure=112, outcome="Reads aloud with confidence"
    )
    client.force_login(cast.slt)
    response = client.get(reverse("pupils:intervention_detail", args=[intervention.pk]))
    html = response.content.decode()
    assert "Reads aloud with confidence" in html and "+12" in html
    assert "Missing" in html  # pupil2 has no exit measure on an ended intervention
    assert response.context["impact"].average_gain == Decimal("12.0")
    assert "Record measures and outcomes" not in html  # SLT read only


def test_detail_of_another_school_is_404(client, cast) -> None:
    theirs = make_intervention(cast.other_school, pupils=[cast.other_pupil])
    client.force_login(cast.sendco)
    assert client.get(reverse("pupils:intervention_detail", args=[theirs.pk])).status_code == 404


def _form(**changes) -> dict:
    data = {
        "name": "Morning check-in",
        "area": BroadArea.SEMH,
        "wave": 2,
        "lead": "",
        "provider": "Northside Mentoring",
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + timedelta(weeks=8)).isoformat(),
        "sessions_per_week": 5,
        "minutes_per_session": 10,
        "cost_basis": "hourly",
        "rate_role": "ta",
        "cost_per_session": "",
        "extra_cost": "",
        "measure": "days settled by 9:15",
        "measure_unit": "days",
        "progress_rule": "",
    }
    return data | changes


def test_sendco_creates_an_intervention(client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.post(
        reverse("pupils:intervention_create"), _form(lead=cast.ta.pk, provider="")
    )
    intervention = Intervention.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("pupils:intervention_pupils", args=[intervention.pk])
    assert intervention.school == cast.school and intervention.lead == cast.ta
    assert intervention.weekly_minutes == 50


def test_a_bad_intervention_form_says_why_and_keeps_the_input(client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.post(
        reverse("pupils:intervention_create"),
        _form(ends_on=(TODAY - timedelta(days=1)).isoformat(), sessions_per_week=40),
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Intervention.objects.exists()
    assert "There is a problem" in html
    assert html.count("The end date must be on or after the start date.") == 2
    assert html.count("Enter between 1 and 15 sessions a week.") == 2
    assert 'value="Morning check-in"' in html


def test_lead_must_be_staff_of_the_school(client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.post(
        reverse("pupils:intervention_create"), _form(lead=cast.other_sendco.pk, provider="")
    )
    assert response.status_code == 200 and "lead" in response.context["form"].errors


def test_slt_cannot_create_or_edit(client, cast) -> None:
    intervention = make_intervention(cast.school)
    client.force_login(cast.slt)
    assert client.post(reverse("pupils:intervention_create"), _form()).status_code == 404
    url = reverse("pupils:intervention_edit", args=[intervention.pk])
    assert client.post(url, _form()).status_code == 404
    assert Intervention.objects.count() == 1


def test_sendco_edits_an_intervention(client, cast) -> None:
    intervention = make_intervention(cast.school)
    client.force_login(cast.sendco)
    url = reverse("pupils:intervention_edit", args=[intervention.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(name="Renamed"))
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.name == "Renamed" and intervention.sessions_per_week == 5


def test_sendco_adds_register_pupils_of_the_school_only(client, cast) -> None:
    intervention = make_intervention(cast.school, pupils=[cast.pupil])
    not_on_register = make_pupil(cast.school, sen_status=SenStatus.NONE)
    client.force_login(cast.sendco)
    url = reverse("pupils:intervention_pupils", args=[intervention.pk])
    offered = set(client.get(url).context["form"].fields["pupils"].queryset)
    assert cast.pupil2 in offered
    assert cast.pupil not in offered  # already in it
    assert not_on_register not in offered and cast.other_pupil not in offered

    refused = client.post(url, {"pupils": [cast.other_pupil.pk]})
    assert refused.status_code == 200 and intervention.places.count() == 1
    response = client.post(url, {"pupils": [cast.pupil2.pk]})
    assert response.status_code == 302
    assert set(intervention.pupils.all()) == {cast.pupil, cast.pupil2}


def test_add_pupils_narrows_by_year_group(client, cast) -> None:
    intervention = make_intervention(cast.school)
    year9 = make_pupil(cast.school, year_group=9)
    client.force_login(cast.sendco)
    url = reverse("pupils:intervention_pupils", args=[intervention.pk])
    offered = set(client.get(url, {"year": "9"}).context["form"].fields["pupils"].queryset)
    assert offered == {year9}


def test_sendco_removes_a_pupil(client, cast) -> None:
    intervention = make_intervention(cast.school, pupils=[cast.pupil, cast.pupil2])
    place = intervention.places.get(pupil=cast.pupil)
    client.force_login(cast.sendco)
    url = reverse("pupils:intervention_remove_pupil", args=[intervention.pk, place.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert list(intervention.pupils.all()) == [cast.pupil2]


def test_a_place_of_another_intervention_cannot_be_removed_through_this_one(client, cast) -> None:
    mine = make_intervention(cast.school, pupils=[cast.pupil])
    theirs = make_intervention(cast.other_school, pupils=[cast.other_pupil])
    client.force_login(cast.sendco)
    url = reverse("pupils:intervention_remove_pupil", args=[mine.pk, theirs.places.get().pk])
    assert client.post(url).status_code == 404
    assert InterventionPlace.objects.count() == 2


def test_one_form_records_every_pupils_measures(client, cast) -> None:
    intervention = _ended(cast.school, pupils=[cast.pupil, cast.pupil2])
    first, second = intervention.places.order_by(
        "pupil__legal_last_name", "pupil__legal_first_name", "pk"
    )
    client.force_login(cast.sendco)
    url = reverse("pupils:intervention_measures", args=[intervention.pk])
    page = client.get(url).content.decode()
    assert f"Entry measure for {first.pupil.full_name}" in page
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": first.pk,
        "form-0-entry_measure": "95",
        "form-0-exit_measure": "104.5",
        "form-0-outcome": "Met the target",
        "form-1-id": second.pk,
        "form-1-entry_measure": "88",
        "form-1-exit_measure": "",
        "form-1-outcome": "",
    }
    assert client.post(url, data).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.entry_measure, first.exit_measure, first.gain) == (
        Decimal("95"),
        Decimal("104.5"),
        Decimal("9.5"),
    )
    assert first.outcome == "Met the target"
    assert second.entry_measure == Decimal("88") and second.exit_measure is None

    data["form-1-exit_measure"] = "lots"
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert f"Exit measure for {second.pupil.full_name}: Enter a number." in html
    assert 'value="lots"' in html


def test_the_measures_form_only_edits_this_interventions_places(client, cast) -> None:
    intervention = _ended(cast.school, pupils=[cast.pupil])
    theirs = make_intervention(cast.other_school, pupils=[cast.other_pupil]).places.get()
    place = intervention.places.get()
    client.force_login(cast.sendco)
    url = reverse("pupils:intervention_measures", args=[intervention.pk])
    extra_form = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "1",
        "form-0-id": place.pk,
        "form-0-entry_measure": "1",
        "form-1-entry_measure": "5",
        "form-1-outcome": "Smuggled in",
    }
    assert client.post(url, extra_form).status_code == 302
    assert InterventionPlace.objects.count() == 2  # no new place was made
    other_place = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": theirs.pk,
        "form-0-entry_measure": "99",
    }
    # Django treats a place outside this intervention's as unknown and skips it.
    assert client.post(url, other_place).status_code in {200, 302}
    theirs.refresh_from_db()
    assert theirs.entry_measure is None
