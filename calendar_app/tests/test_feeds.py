"""The private feeds and the parents' feed: valid iCalendar that holds exactly
what the person may see, names nobody, keeps school time across the clock
changes, and stops answering the moment its token is reset."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.urls import reverse

from calendar_app.models import Kind
from calendar_app.services import feed_token_get, feed_token_reset, parents_feed_get
from calendar_app.tests.factories import make_event
from schools.models import Role

LONDON = ZoneInfo("Europe/London")
# Clocks go forward on 29 March 2026 and back on 25 October 2026.
WINTER = date(2026, 3, 27)
SUMMER = date(2026, 3, 30)
BACK_IN_WINTER = date(2026, 10, 26)


def _feed(client, user, school=None) -> icalendar.Calendar:
    token = feed_token_get(user=user, school=school or user.school).token
    response = client.get(reverse("calendar:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _summaries(cal: icalendar.Calendar) -> set[str]:
    return {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}


@pytest.fixture
def dated(cast):
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON), tick=False):
        yield {
            "team": make_event(cast.school, day=date(2026, 3, 4), title="SEND team planning"),
            "staff": make_event(
                cast.school,
                day=date(2026, 3, 5),
                title="Training: scaffolding writing",
                for_staff=True,
                start=time(15, 30),
                end=time(17, 0),
                place="Library",
            ),
            "governors": make_event(
                cast.school,
                day=date(2026, 3, 6),
                title="SEND report to governors",
                for_governors=True,
            ),
            "parents": make_event(
                cast.school,
                day=date(2026, 3, 10),
                title="Parent workshop: reading at home",
                for_parents=True,
            ),
            "pupil": make_event(
                cast.school,
                day=date(2026, 3, 11),
                kind=Kind.ANNUAL_REVIEW,
                pupil=cast.pupil,
                title=f"Annual review for {cast.pupil.full_name}",
            ),
            "pupil2": make_event(
                cast.school,
                day=date(2026, 3, 12),
                kind=Kind.PROFILE_REVIEW,
                pupil=cast.pupil2,
            ),
        }


EXPECTED = {
    Role.SENDCO: {
        "SEND team planning",
        "Training: scaffolding writing",
        "SEND report to governors",
        "Parent workshop: reading at home",
        "EHC annual review (Year 8)",
        "Profile review (Year 8)",
    },
    Role.TEACHER: {"Training: scaffolding writing", "EHC annual review (Year 8)"},
    Role.TA: {"Training: scaffolding writing", "EHC annual review (Year 8)"},
    Role.SCHOOL_ADMIN: {"Training: scaffolding writing"},
    Role.GOVERNOR: {"SEND report to governors"},
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_roles_feed_holds_exactly_what_it_may_see(client, cast, dated, role) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON), tick=False):
        cal = _feed(client, cast.by_role(role))
    assert _summaries(cal) == EXPECTED[role]
    text = cal.to_ical().decode()
    for pupil in (cast.pupil, cast.pupil2):
        assert pupil.legal_first_name not in text and pupil.legal_last_name not in text


def test_a_teacher_sees_no_event_about_a_pupil_they_do_not_teach(client, cast, dated) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON), tick=False):
        teacher2 = _summaries(_feed(client, cast.teacher2))
    assert teacher2 == {"Training: scaffolding writing", "Profile review (Year 8)"}


def test_the_feed_is_valid_rfc_5545(client, cast, dated) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON), tick=False):
        cal = _feed(client, cast.sendco)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    assert cal["METHOD"] == "PUBLISH"
    assert cal["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    raw = cal.to_ical().decode()
    assert "X-PUBLISHED-TTL:PT1H" in raw
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    uids = [str(e["UID"]) for e in events.values()]
    assert len(set(uids)) == len(uids)
    assert all(e.get("DTSTAMP") for e in events.values())
    # All day: DTEND is the day after the last day (exclusive).
    planning = events["SEND team planning"]
    assert planning["DTSTART"].dt == date(2026, 3, 4)
    assert planning["DTEND"].dt == date(2026, 3, 5)
    assert planning.decoded("DTSTART") == date(2026, 3, 4)
    training = events["Training: scaffolding writing"]
    assert training["DTSTART"].params["TZID"] == "Europe/London"
    assert training["LOCATION"] == "Library"
    # Every event links back into sendit, where access is checked.
    review = events["EHC annual review (Year 8)"]
    assert str(review["URL"]).endswith(reverse("calendar:event", args=[dated["pupil"].pk]))
    assert review["CLASS"] == "PRIVATE"


def test_the_uid_stays_when_an_event_moves(client, cast, dated) -> None:
    event = dated["staff"]
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON), tick=False):
        before = {
            str(e["SUMMARY"]): str(e["UID"]) for e in _feed(client, cast.sendco).walk("VEVENT")
        }
        event.start_date = event.end_date = date(2026, 3, 19)
        event.save()
        after = {
            str(e["SUMMARY"]): str(e["UID"]) for e in _feed(client, cast.sendco).walk("VEVENT")
        }
    assert before == after


def test_times_stay_in_school_time_across_the_clock_changes(client, cast) -> None:
    nine = time(9, 0)
    for day in (WINTER, SUMMER, BACK_IN_WINTER):
        make_event(
            cast.school,
            day=day,
            title=f"Meeting {day}",
            start=nine,
            end=time(10, 0),
            for_staff=True,
        )
    make_event(
        cast.school,
        day=date(2026, 3, 28),
        end_date=date(2026, 3, 30),
        title="Across the change",
        start=time(9, 0),
        end=time(12, 0),
        for_staff=True,
    )
    # Frozen in summer time, then in winter: the feed says the same either way.
    for now in (
        datetime(2026, 3, 20, 8, 0, tzinfo=LONDON),
        datetime(2026, 6, 1, 8, 0, tzinfo=LONDON),
    ):
        with time_machine.travel(now, tick=False):
            cal = _feed(client, cast.teacher)
        events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
        assert cal.walk("VTIMEZONE")
        utc_hours = {}
        for day in (WINTER, SUMMER, BACK_IN_WINTER):
            start = events[f"Meeting {day}"].decoded("DTSTART")
            assert start.tzinfo is not None and start.time() == nine
            assert str(events[f"Meeting {day}"]["DTSTART"].params["TZID"]) == "Europe/London"
            utc_hours[day] = start.astimezone(ZoneInfo("UTC")).hour
        assert utc_hours == {WINTER: 9, SUMMER: 8, BACK_IN_WINTER: 9}
        across = events["Across the change"]
        start, end = across.decoded("DTSTART"), across.decoded("DTEND")
        # 75 wall-clock hours, 74 real ones: the clocks went forward in between.
        assert (end - start) == timedelta(days=2, hours=3)
        assert end.astimezone(ZoneInfo("UTC")) - start.astimezone(ZoneInfo("UTC")) == timedelta(
            days=2, hours=2
        )
    # The VTIMEZONE gives both offsets.
    tz = cal.walk("VTIMEZONE")[0]
    offsets = {
        str(c["TZNAME"]): c["TZOFFSETTO"].td
        for c in tz.walk()
        if c.name in ("STANDARD", "DAYLIGHT")
    }
    assert offsets["BST"] == timedelta(hours=1) and offsets["GMT"] == timedelta(0)


def test_a_reset_token_answers_404_at_once(client, cast, dated) -> None:
    old = feed_token_get(user=cast.teacher, school=cast.school).token
    assert client.get(reverse("calendar:feed", args=[old])).status_code == 200
    new = feed_token_reset(user=cast.teacher, school=cast.school).token
    assert new != old
    assert client.get(reverse("calendar:feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar:feed", args=[new])).status_code == 200


def test_reset_from_the_subscribe_page(client, cast) -> None:
    client.force_login(cast.teacher)
    page = client.get(reverse("calendar:subscribe")).content.decode()
    old = feed_token_get(user=cast.teacher, school=cast.school).token
    assert old in page and "webcal://" in page
    assert "Outlook" in page and "Google" in page
    response = client.post(reverse("calendar:feed_reset"), follow=True)
    assert "The old one has stopped working" in response.content.decode()
    assert client.get(reverse("calendar:feed", args=[old])).status_code == 404


@pytest.mark.parametrize("token", ["short", "x" * 43 + "!", "a" * 44, "%00" * 15])
def test_a_token_of_the_wrong_shape_or_unknown_answers_404(client, cast, token) -> None:
    response = client.get(f"/calendar/feed/{token}.ics")
    assert response.status_code == 404
    assert client.get(reverse("calendar:feed", args=["A" * 43])).status_code == 404
    assert client.get(reverse("calendar:parents", args=["A" * 43])).status_code == 404


def test_a_leaver_or_deactivated_account_feed_answers_404(client, cast) -> None:
    token = feed_token_get(user=cast.teacher, school=cast.school).token
    cast.teacher.memberships.update(is_active=False)
    assert client.get(reverse("calendar:feed", args=[token])).status_code == 404
    cast.teacher.memberships.update(is_active=True)
    cast.teacher.deactivate()
    assert client.get(reverse("calendar:feed", args=[token])).status_code == 404


def test_a_feed_follows_the_school_it_was_made_for(client, cast) -> None:
    """Someone in two schools has a feed per school, each with that school's dates."""
    multi = cast.multi  # a teacher here and the SENDCo of the other school
    make_event(cast.other_school, day=date(2026, 3, 4), title="Other school planning")
    make_event(cast.school, day=date(2026, 3, 4), title="Here for staff", for_staff=True)
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON), tick=False):
        here = _summaries(_feed(client, multi, cast.school))
        there = _summaries(_feed(client, multi, cast.other_school))
    assert here == {"Here for staff"}
    assert there == {"Other school planning"}


def test_a_typed_title_with_a_name_is_replaced_by_its_kind_in_feeds(client, cast) -> None:
    make_event(
        cast.school,
        day=date(2026, 3, 4),
        kind=Kind.TRAINING,
        for_staff=True,
        title=f"Training with {cast.teacher2.first_name} {cast.teacher2.last_name}",
        place=f"{cast.pupil.legal_last_name} room",
    )
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON), tick=False):
        cal = _feed(client, cast.teacher)
    event = cal.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Training"
    assert "LOCATION" not in event


def test_the_parents_page_and_feed(client, cast, dated) -> None:
    token = parents_feed_get(school=cast.school).token
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON), tick=False):
        page = client.get(reverse("calendar:parents", args=[token]))
        cal = icalendar.Calendar.from_ical(
            client.get(reverse("calendar:parents_feed", args=[token])).content
        )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Parent workshop: reading at home" in html and "webcal://" in html
    assert "Training" not in html and "annual review" not in html.lower()
    assert _summaries(cal) == {"Parent workshop: reading at home"}
    assert cal.walk("VTIMEZONE")
    # A new address for parents: the old one ends at once.
    client.force_login(cast.sendco)
    client.post(reverse("calendar:parents_reset"))
    assert client.get(reverse("calendar:parents", args=[token])).status_code == 404
    assert client.get(reverse("calendar:parents_feed", args=[token])).status_code == 404


def test_an_empty_feed_still_carries_its_time_zone(client, cast) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON), tick=False):
        cal = _feed(client, cast.governor)
    assert not cal.walk("VEVENT")
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]


def test_a_cancelled_event_is_in_the_feed_as_cancelled(client, cast) -> None:
    from django.utils import timezone

    make_event(
        cast.school,
        day=date(2026, 3, 4),
        title="Moved workshop",
        for_staff=True,
        cancelled_at=timezone.now(),
    )
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON), tick=False):
        event = _feed(client, cast.teacher).walk("VEVENT")[0]
    assert event["STATUS"] == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Moved workshop"
