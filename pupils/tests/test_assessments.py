"""Assessments: standardised tests, reading age against age, the 18-month flag."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import RecordRead
from pupils.models import Assessment
from tests.factories import make_assessment, make_pupil

TODAY = timezone.localdate()


def test_reading_flag_starts_at_18_months_below_age_on_the_test_date(db, cast) -> None:
    pupil = make_pupil(cast.school, date_of_birth=date(2013, 5, 20))
    # On 19 May 2025 the pupil is 11 years 11 months (143 months), not yet 12.
    day = date(2025, 5, 19)
    assert make_assessment(pupil, taken_on=day).chronological_age_months == 143
    just_under = make_assessment(pupil, taken_on=day, reading_age_months=143 - 17)
    at_limit = make_assessment(pupil, taken_on=day, reading_age_months=143 - 18)
    above = make_assessment(pupil, taken_on=day, reading_age_months=150)
    no_reading_age = make_assessment(pupil, taken_on=day)
    assert (just_under.reading_gap_months, just_under.reading_flag) == (17, False)
    assert (at_limit.reading_gap_months, at_limit.reading_flag) == (18, True)
    assert (above.reading_gap_months, above.reading_flag) == (-7, False)
    assert (no_reading_age.reading_gap_months, no_reading_age.reading_flag) == (None, False)


def _form(**changes) -> dict:
    data = {
        "name": "Reading comprehension test",
        "taken_on": (TODAY - timedelta(days=3)).isoformat(),
        "standardised_score": "84",
        "reading_age_years": "8",
        "reading_age_extra_months": "4",
    }
    return data | changes


def test_sign_in_is_required(client, cast) -> None:
    response = client.get(reverse("pupils:assessment_create", args=[cast.pupil.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ["slt", "teacher", "ta", "governor", "school_admin"])
def test_only_the_sendco_records_assessments(client, cast, role: str) -> None:
    client.force_login(getattr(cast, role))
    url = reverse("pupils:assessment_create", args=[cast.pupil.pk])
    assert client.post(url, _form()).status_code == 404
    assert not Assessment.objects.exists()


def test_sendco_records_an_assessment_with_a_reading_age(client, cast) -> None:
    client.force_login(cast.sendco)
    url = reverse("pupils:assessment_create", args=[cast.pupil.pk])
    assert client.get(url).status_code == 200
    assert RecordRead.objects.filter(record_id=cast.pupil.pk, actor=cast.sendco).exists()
    response = client.post(url, _form(), follow=True)
    assessment = Assessment.objects.get()
    assert response.redirect_chain[0][0] == reverse("pupils:pupil", args=[cast.pupil.pk])
    assert assessment.reading_age_months == 8 * 12 + 4
    assert (assessment.pupil, assessment.recorded_by) == (cast.pupil, cast.sendco)
    assert assessment.standardised_score == 84
    # Born 1 January 2013: well over 18 months older than a reading age of 8y 4m.
    html = response.content.decode()
    assert assessment.reading_flag
    assert f"{assessment.reading_gap_months} months below age" in html
    assert "8 years 4 months" in html


def test_a_score_without_a_reading_age_is_fine(client, cast) -> None:
    client.force_login(cast.sendco)
    url = reverse("pupils:assessment_create", args=[cast.pupil.pk])
    client.post(url, _form(reading_age_years="", reading_age_extra_months=""))
    assert Assessment.objects.get().reading_age_months is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reading_age_years": ""}, "reading_age_years", "Enter the years of the reading age too."),
        (
            {"taken_on": (TODAY + timedelta(days=1)).isoformat()},
            "taken_on",
            "The test date cannot be in the future.",
        ),
        ({"taken_on": "2001-01-01"}, "taken_on", "before the pupil's date of birth"),
        ({"standardised_score": "250"}, "standardised_score", "between 40 and 160"),
        ({"reading_age_extra_months": "14"}, "reading_age_extra_months", "less than or equal"),
    ],
)
def test_bad_input_is_refused_with_a_reason(client, cast, changes, field, message) -> None:
    client.force_login(cast.sendco)
    url = reverse("pupils:assessment_create", args=[cast.pupil.pk])
    response = client.post(url, _form(**changes))
    html = response.content.decode()
    assert response.status_code == 200 and not Assessment.objects.exists()
    assert message in " ".join(response.context["form"].errors[field])
    assert "There is a problem" in html and 'value="Reading comprehension test"' in html


def test_neither_score_nor_reading_age_is_refused(client, cast) -> None:
    client.force_login(cast.sendco)
    url = reverse("pupils:assessment_create", args=[cast.pupil.pk])
    response = client.post(
        url,
        _form(standardised_score="", reading_age_years="", reading_age_extra_months=""),
    )
    assert "Enter a standardised score, a reading age, or both." in response.content.decode()


def test_sendco_edits_an_assessment(client, cast) -> None:
    assessment = make_assessment(cast.pupil, reading_age_months=130)
    client.force_login(cast.sendco)
    url = reverse("pupils:assessment_edit", args=[assessment.pk])
    form = client.get(url).context["form"]
    assert (form.initial["reading_age_years"], form.initial["reading_age_extra_months"]) == (10, 10)
    client.post(url, _form(reading_age_years="11", reading_age_extra_months="0"))
    assessment.refresh_from_db()
    assert assessment.reading_age_months == 132


def test_pupils_of_another_school_are_404(client, cast) -> None:
    theirs = make_assessment(cast.other_pupil)
    client.force_login(cast.sendco)
    create = reverse("pupils:assessment_create", args=[cast.other_pupil.pk])
    assert client.get(create).status_code == 404
    assert client.get(reverse("pupils:assessment_edit", args=[theirs.pk])).status_code == 404


def test_reading_flags_list_uses_each_pupils_latest_reading_age(
    client, cast, django_assert_max_num_queries
) -> None:
    behind = make_pupil(cast.school, legal_last_name="Behind", date_of_birth=date(2013, 1, 1))
    caught_up = make_pupil(cast.school, legal_last_name="Caughtup", date_of_birth=date(2013, 1, 1))
    day = date(2025, 1, 1)  # both 12 years old: 144 months
    make_assessment(behind, taken_on=day, reading_age_months=100)
    make_assessment(caught_up, taken_on=day - timedelta(days=300), reading_age_months=100)
    make_assessment(caught_up, taken_on=day, reading_age_months=140)
    # A later test with no reading age does not hide the latest reading age.
    make_assessment(behind, taken_on=day + timedelta(days=30), name="Spelling")
    make_assessment(cast.other_pupil, taken_on=day, reading_age_months=60)
    for n in range(20):
        make_assessment(
            make_pupil(cast.school, date_of_birth=date(2013, 1, 1)),
            taken_on=day,
            reading_age_months=110 + n,
        )
    client.force_login(cast.slt)
    with django_assert_max_num_queries(7):  # +1: the unread count in the header
        response = client.get(reverse("pupils:reading_flags"))
    flagged = [a.pupil for a in response.context["page"]]
    assert flagged[0] == behind  # the widest gap first
    assert caught_up not in flagged and cast.other_pupil not in flagged
    assert len(flagged) == 1 + 17  # reading ages 110 to 126 are 18 or more months behind
    assert "Behind" in response.content.decode()


@pytest.mark.parametrize("role", ["teacher", "ta", "governor", "school_admin"])
def test_reading_flags_list_is_for_sendco_and_slt(client, cast, role: str) -> None:
    client.force_login(getattr(cast, role))
    assert client.get(reverse("pupils:reading_flags")).status_code == 404
