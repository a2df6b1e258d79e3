"""Month, week and agenda pages: today marked, filters, bad addresses answered
with a notice, constant queries as the calendar grows; the overdue list."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from calendar_app.models import Kind
from calendar_app.tests.factories import make_event
from tests.factories import make_ehc_plan, make_pupil

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=LONDON)  # a Wednesday
TODAY = NOW.date()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _page(client, name: str, **query: str) -> str:
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_month_marks_today_and_shows_the_events(client, cast, frozen) -> None:
    make_event(cast.school, day=TODAY, title="Staff briefing on SEND", for_staff=True)
    make_event(cast.school, day=date(2026, 3, 20), title="Parent workshop", for_parents=True)
    make_event(cast.school, day=date(2026, 4, 20), title="April meeting", for_staff=True)
    client.force_login(cast.sendco)
    html = _page(client, "calendar:month")
    assert "Calendar: March 2026" in html
    assert html.count('aria-current="date"') == 1
    assert "Staff briefing on SEND" in html and "Parent workshop" in html
    assert "April meeting" not in html
    assert "Add a date" in html
    april = _page(client, "calendar:month", month="2026-04")
    assert "April meeting" in april and 'aria-current="date"' not in april


def test_filters_by_kind_and_audience(client, cast, frozen) -> None:
    make_event(cast.school, day=TODAY, title="Training day", kind=Kind.TRAINING, for_staff=True)
    make_event(
        cast.school, day=TODAY, title="Workshop", kind=Kind.PARENT_WORKSHOP, for_parents=True
    )
    make_event(cast.school, day=TODAY, title="Team only", kind=Kind.SUPPORT_MEETING)
    client.force_login(cast.sendco)
    for view in ("calendar:month", "calendar:week", "calendar:agenda"):
        html = _page(client, view, kind=Kind.TRAINING)
        assert "Training day" in html and "Workshop" not in html and "Team only" not in html
        html = _page(client, view, audience="parents")
        assert "Workshop" in html and "Training day" not in html
        html = _page(client, view, audience="send_team")
        assert "Team only" in html and "Workshop" not in html


def test_the_week_and_the_agenda(client, cast, frozen) -> None:
    make_event(
        cast.school,
        day=TODAY,
        title="Review meeting",
        start=time(9, 0),
        end=time(10, 0),
        for_staff=True,
    )
    make_event(cast.school, day=TODAY + timedelta(days=10), title="Later", for_staff=True)
    make_event(cast.school, day=TODAY - timedelta(days=2), title="Gone by", for_staff=True)
    client.force_login(cast.teacher)
    week = _page(client, "calendar:week")
    assert "Week of 2 March 2026" in week and "Review meeting" in week and "09:00" in week
    assert "Later" not in week
    assert "Add a date" not in week  # teachers read only
    agenda = _page(client, "calendar:agenda")
    assert agenda.index("Review meeting") < agenda.index("Later")
    assert "Gone by" not in agenda and "Today" in agenda
    assert "Gone by" in _page(client, "calendar:agenda", **{"from": "2026-03-01"})


@pytest.mark.parametrize(
    "name,query,words",
    [
        ("calendar:month", {"month": "2026-13"}, "That month is not one sendit knows"),
        ("calendar:month", {"month": "0000-01"}, "That month is not one sendit knows"),
        ("calendar:week", {"week": "2026-02-30"}, "That week is not one sendit knows"),
        ("calendar:week", {"week": "0001-01-01"}, "That week is not one sendit knows"),
        ("calendar:agenda", {"from": "99999-01-01"}, "That first day is not one sendit knows"),
        ("calendar:month", {"kind": "zzz"}, "That kind of date is not one sendit knows"),
        ("calendar:week", {"audience": "\x00"}, "That audience is not one sendit knows"),
    ],
)
def test_a_bad_address_shows_the_default_with_a_notice(client, cast, frozen, name, query, words):
    client.force_login(cast.sendco)
    html = _page(client, name, **query)
    assert words in html


def _grow(school, n: int) -> None:
    for i in range(n):
        pupil = make_pupil(school)
        make_event(
            school, day=TODAY + timedelta(days=i % 20), kind=Kind.PROFILE_REVIEW, pupil=pupil
        )
        make_event(school, day=TODAY + timedelta(days=i % 20), title=f"Staff {i}", for_staff=True)
        make_event(
            school, day=TODAY - timedelta(days=1 + i % 20), kind=Kind.PROFILE_REVIEW, pupil=pupil
        )
        make_event(
            school, day=TODAY - timedelta(days=1 + i % 20), kind=Kind.REVIEW_PAPERS, pupil=pupil
        )
        make_ehc_plan(pupil, issued_on=date(2024, 1, 1) + timedelta(days=i))


@pytest.mark.parametrize(
    "name", ["calendar:month", "calendar:week", "calendar:agenda", "calendar:overdue"]
)
def test_queries_stay_the_same_as_the_calendar_grows(
    client, cast, frozen, name, django_assert_num_queries
) -> None:
    client.force_login(cast.sendco)
    _grow(cast.school, 3)
    client.get(reverse(name))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse(name))
    _grow(cast.school, 40)
    with django_assert_num_queries(len(small)):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_the_overdue_list(client, cast, frozen) -> None:
    make_ehc_plan(cast.pupil, issued_on=date(2024, 1, 10), last_annual_review=date(2025, 2, 1))
    make_ehc_plan(cast.pupil2, issued_on=date(2024, 1, 10), last_annual_review=date(2025, 6, 1))
    papers = make_event(
        cast.school,
        day=date(2026, 2, 20),
        kind=Kind.REVIEW_PAPERS,
        title="Annual review papers out (Year 8)",
        pupil=cast.pupil2,
    )
    make_event(
        cast.school,
        day=date(2026, 2, 21),
        kind=Kind.REVIEW_PAPERS,
        title="Sent already",
        pupil=cast.pupil2,
        done_on=date(2026, 2, 20),
    )
    make_event(
        cast.school,
        day=date(2026, 3, 20),
        kind=Kind.REVIEW_PAPERS,
        title="Not yet due",
        pupil=cast.pupil2,
    )
    make_event(
        cast.school,
        day=date(2026, 2, 10),
        kind=Kind.PROFILE_REVIEW,
        title="Profile review (Year 8)",
        pupil=cast.pupil,
    )
    client.force_login(cast.sendco)
    html = _page(client, "calendar:overdue")
    assert "EHC annual reviews past 12 months (1)" in html
    assert cast.pupil.full_name in html
    assert "Annual review papers not sent (1)" in html
    assert "Sent already" not in html and "Not yet due" not in html
    assert "Profile reviews missed (1)" in html
    # Marked done from the list, it leaves it.
    response = client.post(
        reverse("calendar:event_done", args=[papers.pk]), {"done": "yes", "next": "overdue"}
    )
    assert response.url == reverse("calendar:overdue")
    assert "Annual review papers not sent (0)" in _page(client, "calendar:overdue")


def test_the_dashboard_panel_of_the_sendco(client, cast, frozen) -> None:
    make_event(cast.school, day=TODAY, title="This week thing", for_staff=True)
    make_event(cast.school, day=TODAY + timedelta(days=7), title="Next week thing")
    make_event(cast.school, day=TODAY + timedelta(days=15), title="Too far")
    client.force_login(cast.sendco)
    html = _page(client, "shell:dashboard")
    assert "This week and next" in html
    assert "This week thing" in html and "Next week thing" in html and "Too far" not in html


def test_dates_for_you(cast, frozen) -> None:
    from calendar_app.shell import panels

    make_event(cast.school, day=TODAY, title="For all staff", for_staff=True)
    make_event(cast.school, day=TODAY, kind=Kind.PROFILE_REVIEW, pupil=cast.pupil)
    make_event(cast.school, day=TODAY, kind=Kind.ANNUAL_REVIEW, pupil=cast.pupil2)
    [panel] = panels(cast.teacher)
    assert panel.title == "Dates for you"
    assert {e.title for e in panel.context["events"]} == {
        "For all staff",
        f"{Kind.PROFILE_REVIEW.label} on {TODAY.isoformat()}",
    }
    assert panels(cast.governor) == []
