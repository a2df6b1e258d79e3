"""The outcomes pages: forms with errors, the version check, bad parameters,
what SLT may not do, and constant queries with 10 and 200 pupils."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import ChangeKind, ChangeRecord
from outcomes.models import AttendanceRecord, NeedsAssessment, ParentMeeting
from pupils.models import SenStatus
from sendit.lib.dates import school_year_start
from tests.access.outcomes import make_needs_assessment, make_parent_meeting
from tests.factories import make_pupil, make_school_year

pytestmark = pytest.mark.django_db


def _form(pupil, **extra) -> dict:
    today = timezone.localdate()
    return {
        "pupil": pupil.pk,
        "requested_on": (today - timedelta(days=20)).isoformat(),
        "requested_by": NeedsAssessment.RequestedBy.PARENT,
        "outcome": NeedsAssessment.Outcome.PENDING,
        "decision_on": "",
        "plan_on": "",
        **extra,
    }


def test_sendco_records_a_request_and_errors_are_shown_by_field(client, cast) -> None:
    client.force_login(cast.sendco)
    url = reverse("outcomes:assessment_create")
    bad = client.post(url, _form(cast.pupil, outcome=NeedsAssessment.Outcome.PLAN_ISSUED))
    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert "decision_on" in errors and "plan_on" in errors
    page = bad.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_decision_on"' in page
    assert not NeedsAssessment.objects.exists()
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert (
        "requested_on"
        in client.post(url, _form(cast.pupil, requested_on=future)).context["form"].errors
    )
    done = client.post(url, _form(cast.pupil))
    assert done.status_code == 302
    saved = NeedsAssessment.objects.get()
    assert (saved.pupil, saved.school, saved.created_by) == (cast.pupil, cast.school, cast.sendco)
    record = ChangeRecord.objects.get(kind=ChangeKind.RECORD_CREATED, target__startswith="EHC")
    assert record.actor == cast.sendco


def test_an_edit_based_on_an_old_version_overwrites_nothing(client, cast) -> None:
    assessment = make_needs_assessment(cast.pupil)
    client.force_login(cast.sendco)
    url = reverse("outcomes:assessment_edit", args=[assessment.pk])
    decided = (timezone.localdate() - timedelta(days=2)).isoformat()
    first = _form(
        cast.pupil, outcome=NeedsAssessment.Outcome.AGREED, decision_on=decided, version=0
    )
    assert client.post(url, first).status_code == 302
    second = _form(
        cast.pupil, outcome=NeedsAssessment.Outcome.REFUSED, decision_on=decided, version=0
    )
    response = client.post(url, second)
    assert response.status_code == 200
    assert response.context["conflict_rows"]
    assessment.refresh_from_db()
    assert (assessment.outcome, assessment.version) == (NeedsAssessment.Outcome.AGREED, 1)
    # The typed choice is kept, now based on the saved version.
    assert response.context["form"].data["version"] == "1"


def test_slt_reads_but_does_not_edit(client, cast) -> None:
    assessment = make_needs_assessment(cast.pupil)
    meeting = make_parent_meeting(cast.pupil)
    client.force_login(cast.slt)
    page = client.get(reverse("outcomes:assessments")).content.decode()
    assert cast.pupil.full_name in page
    assert reverse("outcomes:assessment_edit", args=[assessment.pk]) not in page
    assert client.get(reverse("outcomes:assessment_edit", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("outcomes:meeting_edit", args=[meeting.pk])).status_code == 404
    meetings = client.get(reverse("outcomes:pupil_meetings", args=[cast.pupil.pk]))
    assert reverse("outcomes:meeting_edit", args=[meeting.pk]) not in meetings.content.decode()


def test_meeting_form_keeps_the_note_out_of_the_record_of_changes(client, cast) -> None:
    client.force_login(cast.sendco)
    url = reverse("outcomes:meeting_add", args=[cast.pupil.pk])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    bad = client.post(url, {"held_on": future, "kind": "termly", "note": "Agreed a reading plan"})
    assert "held_on" in bad.context["form"].errors
    assert "Agreed a reading plan" in bad.content.decode()  # nothing typed is lost
    today = timezone.localdate().isoformat()
    assert client.post(url, {"held_on": today, "kind": "termly", "note": "Agreed a reading plan"})
    meeting = ParentMeeting.objects.get()
    record = ChangeRecord.objects.get(target=f"Meeting with parents {meeting.pk}")
    assert "note" in record.details["fields"]
    assert "note" not in record.details["values"]
    assert "Agreed a reading plan" not in str(record.details)


def test_a_pupil_with_no_sen_has_no_meetings_page(client, cast) -> None:
    client.force_login(cast.sendco)
    pupil = make_pupil(cast.school, sen_status=SenStatus.NONE)
    assert client.get(reverse("outcomes:meeting_add", args=[pupil.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("outcomes:attendance", "?period=9999-autumn"),
        ("outcomes:attendance", "?period=2026-winter"),
        ("outcomes:attendance", "?period=%00"),
        ("outcomes:assessments", "?show=zzz"),
        ("outcomes:assessments", "?page=abc"),
        ("outcomes:meetings", "?page=999"),
    ],
)
def test_bad_parameters_give_a_notice_not_an_error(client, cast, name: str, query: str) -> None:
    client.force_login(cast.slt)
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]


def test_the_comparison_page_shows_the_figures(client, cast) -> None:
    year = school_year_start(timezone.localdate())
    for pupil, percent in ((cast.pupil, "85"), (cast.pupil2, "91")):
        AttendanceRecord.objects.create(
            school=cast.school,
            pupil=pupil,
            school_year=year,
            term="",
            attendance_percent=Decimal(percent),
            source="pupil_file",
        )
    client.force_login(cast.sendco)
    response = client.get(reverse("outcomes:attendance") + f"?period={year}")
    total = response.context["comparison"].total
    assert (total.send.pupils, total.send.mean_attendance) == (2, Decimal("88.0"))
    assert "88.0%" in response.content.decode()


def _school_of(cast, pupils: int) -> None:
    today = timezone.localdate()
    year = school_year_start(today)
    make_school_year(
        cast.school,
        year,
        [(date(year, 8, 1), date(year, 8, 1))]
        + [
            (today + timedelta(days=10 * n), today + timedelta(days=10 * n + 5))
            for n in range(1, 6)
        ],
    )
    for n in range(pupils):
        status = (SenStatus.SUPPORT, SenStatus.EHC_PLAN, SenStatus.NONE)[n % 3]
        pupil = make_pupil(cast.school, sen_status=status, year_group=7 + n % 5)
        AttendanceRecord.objects.create(
            school=cast.school,
            pupil=pupil,
            school_year=year,
            term="",
            attendance_percent=Decimal(80 + n % 20),
            source="pupil_file",
        )
        if status != SenStatus.NONE:
            make_needs_assessment(pupil)
            if n % 2:
                make_parent_meeting(pupil)


@pytest.mark.parametrize(
    "name", ["outcomes:attendance", "outcomes:assessments", "outcomes:meetings"]
)
def test_list_pages_make_as_many_queries_with_10_and_200_pupils(
    client, cast, name: str, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.sendco)
    _school_of(cast, 10)
    client.get(reverse(name))  # the session and the like, once
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    _school_of_more = 190
    for n in range(_school_of_more):
        status = (SenStatus.SUPPORT, SenStatus.EHC_PLAN, SenStatus.NONE)[n % 3]
        pupil = make_pupil(cast.school, sen_status=status, year_group=7 + n % 5)
        if status != SenStatus.NONE:
            make_needs_assessment(pupil)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_the_sendcos_dashboard_counts_what_to_chase(client, cast) -> None:
    make_needs_assessment(cast.pupil, requested_on=timezone.localdate() - timedelta(weeks=7))
    client.force_login(cast.sendco)
    page = client.get(reverse("shell:dashboard")).content.decode()
    assert "1 EHC needs assessment request in progress" in page
    assert "1 past a statutory deadline" in page
    client.force_login(cast.slt)
    assert (
        "EHC needs assessment request"
        not in client.get(reverse("home"), follow=True).content.decode()
    )


def test_the_pupils_page_shows_their_outcomes_to_sendco_and_slt_only(client, cast) -> None:
    year = school_year_start(timezone.localdate())
    AttendanceRecord.objects.create(
        school=cast.school,
        pupil=cast.pupil,
        school_year=year,
        term="autumn",
        attendance_percent=Decimal("87.5"),
        suspension_days=Decimal("1"),
        source="attendance_file",
    )
    assessment = make_needs_assessment(cast.pupil)
    make_parent_meeting(cast.pupil)
    url = reverse("pupils:pupil", args=[cast.pupil.pk])
    edit = reverse("outcomes:assessment_edit", args=[assessment.pk])
    for user in (cast.sendco, cast.slt):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Autumn term: 87.50% (persistently absent), 1 day of suspension" in page
        assert "waiting for the decision to assess" in page
        assert "Meetings with parents this school year (profile reviews included): 1," in page
        assert (edit in page) == (user == cast.sendco)
    client.force_login(cast.teacher)
    page = client.get(url).content.decode()
    assert client.get(url).status_code == 200
    assert "87.50%" not in page and "needs assessment" not in page.lower()
