"""Access arrangements: add and edit per pupil, and the list of evidence to chase."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import RecordRead
from pupils.models import AccessArrangement
from tests.factories import make_arrangement, make_pupil

TODAY = timezone.localdate()
Kind = AccessArrangement.Kind


def _form(**changes) -> dict:
    data = {
        "kind": Kind.EXTRA_TIME,
        "extra_time": "25",
        "extra_time_other": "",
        "details": "",
        "assessed_on": (TODAY - timedelta(days=30)).isoformat(),
        "assessor": "Ms K. Adeyemi",
        "form_completed": "on",
        "valid_until": (TODAY + timedelta(days=700)).isoformat(),
    }
    return data | changes


def test_evidence_problems_with_a_frozen_day() -> None:
    day = date(2026, 3, 1)
    complete = AccessArrangement(
        kind=Kind.READER,
        assessed_on=date(2025, 9, 1),
        form_completed=True,
        valid_until=date(2027, 9, 1),
    )
    assert complete.evidence_problems(day) == []
    expiring = AccessArrangement(
        kind=Kind.READER,
        assessed_on=date(2024, 5, 1),
        form_completed=True,
        valid_until=day + timedelta(days=60),
    )
    assert expiring.evidence_problems(day) == ["Expires on 30 April 2026"]
    assert expiring.evidence_problems(day - timedelta(days=1)) == []
    expired = AccessArrangement(
        kind=Kind.READER, form_completed=False, valid_until=date(2026, 2, 1)
    )
    assert expired.evidence_problems(day) == [
        "No assessment date",
        "Evidence form not completed",
        "Expired on 1 February 2026",
    ]
    assert AccessArrangement(kind=Kind.SCRIBE, form_completed=True).evidence_problems(day) == [
        "No assessment date",
        "No expiry date",
    ]


def test_sign_in_is_required(client, cast) -> None:
    response = client.get(reverse("pupils:arrangement_create", args=[cast.pupil.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ["slt", "teacher", "ta", "governor", "school_admin"])
def test_only_the_sendco_adds_arrangements(client, cast, role: str) -> None:
    client.force_login(getattr(cast, role))
    url = reverse("pupils:arrangement_create", args=[cast.pupil.pk])
    assert client.post(url, _form()).status_code == 404
    assert not AccessArrangement.objects.exists()


@pytest.mark.parametrize(
    ("choice", "other", "percent"), [("25", "", 25), ("50", "", 50), ("other", "33", 33)]
)
def test_sendco_adds_extra_time_with_its_percentage(client, cast, choice, other, percent) -> None:
    client.force_login(cast.sendco)
    url = reverse("pupils:arrangement_create", args=[cast.pupil.pk])
    assert client.get(url).status_code == 200
    assert RecordRead.objects.filter(kind="pupil", record_id=cast.pupil.pk).exists()
    response = client.post(url, _form(extra_time=choice, extra_time_other=other), follow=True)
    arrangement = AccessArrangement.objects.get()
    assert (arrangement.pupil, arrangement.extra_time_percent) == (cast.pupil, percent)
    assert arrangement.form_completed and arrangement.assessor == "Ms K. Adeyemi"
    assert f"Extra time ({percent}%)" in response.content.decode()  # on the pupil page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"extra_time": ""}, "extra_time", "Choose how much extra time"),
        ({"extra_time": "other"}, "extra_time_other", "Enter the percentage of extra time."),
        ({"kind": Kind.OTHER, "details": ""}, "details", "Say what the arrangement is."),
        (
            {"valid_until": (TODAY - timedelta(days=60)).isoformat()},
            "valid_until",
            "after the assessment date",
        ),
        (
            {"assessed_on": (TODAY + timedelta(days=2)).isoformat(), "valid_until": ""},
            "assessed_on",
            "cannot be in the future",
        ),
    ],
)
def test_bad_input_is_refused_with_a_reason(client, cast, changes, field, message) -> None:
    client.force_login(cast.sendco)
    url = reverse("pupils:arrangement_create", args=[cast.pupil.pk])
    response = client.post(url, _form(**changes))
    assert response.status_code == 200 and not AccessArrangement.objects.exists()
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert "There is a problem" in html and 'value="Ms K. Adeyemi"' in html


def test_a_percentage_is_dropped_when_the_kind_is_not_extra_time(client, cast) -> None:
    arrangement = make_arrangement(cast.pupil, kind=Kind.EXTRA_TIME, extra_time_percent=25)
    client.force_login(cast.sendco)
    url = reverse("pupils:arrangement_edit", args=[arrangement.pk])
    assert client.get(url).context["form"].initial["extra_time"] == "25"
    client.post(url, _form(kind=Kind.READER))
    arrangement.refresh_from_db()
    assert (arrangement.kind, arrangement.extra_time_percent) == (Kind.READER, None)


def test_editing_shows_another_percentage(client, cast) -> None:
    arrangement = make_arrangement(cast.pupil, kind=Kind.EXTRA_TIME, extra_time_percent=40)
    client.force_login(cast.sendco)
    form = client.get(reverse("pupils:arrangement_edit", args=[arrangement.pk])).context["form"]
    assert (form.initial["extra_time"], form.initial["extra_time_other"]) == ("other", 40)


def test_sendco_removes_an_arrangement(client, cast) -> None:
    arrangement = make_arrangement(cast.pupil)
    client.force_login(cast.sendco)
    url = reverse("pupils:arrangement_delete", args=[arrangement.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not AccessArrangement.objects.exists()


def test_arrangements_of_another_school_are_404(client, cast) -> None:
    theirs = make_arrangement(cast.other_pupil)
    client.force_login(cast.sendco)
    assert client.get(reverse("pupils:arrangement_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("pupils:arrangement_delete", args=[theirs.pk])).status_code == 404
    url = reverse("pupils:arrangement_create", args=[cast.other_pupil.pk])
    assert client.get(url).status_code == 404
    assert AccessArrangement.objects.count() == 1


def test_attention_list_holds_missing_or_expiring_evidence_only(
    client, cast, django_assert_max_num_queries
) -> None:
    good = {"assessed_on": TODAY - timedelta(days=100), "form_completed": True}
    ok = make_arrangement(cast.pupil, valid_until=TODAY + timedelta(days=61), **good)
    expiring = make_arrangement(
        cast.pupil, kind=Kind.SCRIBE, valid_until=TODAY + timedelta(days=60), **good
    )
    expired = make_arrangement(
        cast.pupil2, kind=Kind.READER, valid_until=TODAY - timedelta(days=1), **good
    )
    no_form = make_arrangement(
        cast.pupil2,
        kind=Kind.REST_BREAKS,
        assessed_on=TODAY,
        form_completed=False,
        valid_until=TODAY + timedelta(days=700),
    )
    no_date = make_arrangement(cast.pupil2, kind=Kind.SEPARATE_ROOM, form_completed=True)
    make_arrangement(cast.other_pupil)  # another school's
    for _ in range(15):
        make_arrangement(make_pupil(cast.school))
    client.force_login(cast.slt)
    # Session, user, count, the page of rows (with pupils) and navigation: an
    # N+1 over the 19 rows would blow well past this.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("pupils:arrangements_attention"))
    listed = {arrangement for arrangement, _ in response.context["rows"]}
    assert ok not in listed
    assert {expiring, expired, no_form, no_date} <= listed
    assert response.context["page"].paginator.count == 4 + 15
    html = response.content.decode()
    assert "Evidence form not completed" in html and "Expired on" in html
    assert "Update" not in html  # SLT read only


@pytest.mark.parametrize("role", ["teacher", "ta", "governor", "school_admin"])
def test_attention_list_is_for_sendco_and_slt(client, cast, role: str) -> None:
    client.force_login(getattr(cast, role))
    assert client.get(reverse("pupils:arrangements_attention")).status_code == 404
