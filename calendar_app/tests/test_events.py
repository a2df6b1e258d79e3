"""Adding, editing, moving, cancelling and marking events done: clear messages,
nothing typed lost, concurrent edits caught."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from calendar_app.models import Event, Kind, Source
from calendar_app.tests.factories import make_event


def _data(**over: object) -> dict[str, object]:
    data = {
        "title": "Parents' evening for Year 9",
        "kind": Kind.PARENTS_MEETING,
        "start_date": "2026-03-12",
        "end_date": "2026-03-12",
        "start_time": "16:00",
        "end_time": "19:00",
        "place": "Main hall",
        "for_staff": "on",
        "for_parents": "on",
        "notes": "",
        "version": "0",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def test_the_sendco_adds_a_date(client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.post(reverse("calendar:event_add"), _data())
    event = Event.objects.get()
    assert response.url == reverse("calendar:event", args=[event.pk])
    assert event.school == cast.school and event.source == Source.MANUAL
    assert event.for_parents and event.for_staff and not event.for_governors
    assert event.start_time.hour == 16 and event.created_by == cast.sendco
    page = client.get(response.url).content.decode()
    assert "Parents&#x27; evening for Year 9" in page and "Main hall" in page


@pytest.mark.parametrize(
    "over,field,words",
    [
        ({"end_date": "2026-03-11"}, "end_date", "The last day must be on or after the first day."),
        ({"end_time": ""}, "end_time", "Give the time it ends, or clear the start time."),
        ({"start_time": ""}, "start_time", "Give the time it starts, or clear the end time."),
        ({"end_time": "15:00"}, "end_time", "The end must be after the start."),
        ({"end_date": "2026-09-12"}, "end_date", "An event lasts at most nine weeks"),
        ({"start_date": "2026-02-30"}, "start_date", "Enter a valid date."),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_bad_dates_get_a_clear_message_and_nothing_is_lost(client, cast, over, field, words):
    client.force_login(cast.sendco)
    response = client.post(reverse("calendar:event_add"), _data(**over))
    assert response.status_code == 200
    html = response.content.decode()
    assert words in html
    assert "There is a problem" in html and f'href="#id_{field}"' in html
    assert "Main hall" in html  # what was typed is still there
    assert not Event.objects.exists()


def test_an_event_about_a_pupil_is_for_the_send_team_only(client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.post(reverse("calendar:event_add"), _data(pupil=cast.pupil.pk))
    html = response.content.decode()
    assert "An event about a pupil is for the SEND team and the pupil&#x27;s teachers only" in html
    assert not Event.objects.exists()
    client.post(
        reverse("calendar:event_add"),
        _data(pupil=cast.pupil.pk, for_staff=None, for_parents=None, title="Support meeting"),
    )
    assert Event.objects.get().pupil == cast.pupil


def test_a_title_naming_someone_is_refused(client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.post(
        reverse("calendar:event_add"), _data(title=f"Meeting about {cast.pupil.full_name}")
    )
    html = response.content.decode()
    assert "This names" in html and cast.pupil.full_name in html
    assert not Event.objects.exists()


def test_a_pupil_of_another_school_cannot_be_chosen(client, cast) -> None:
    client.force_login(cast.sendco)
    response = client.post(
        reverse("calendar:event_add"),
        _data(pupil=cast.other_pupil.pk, for_staff=None, for_parents=None),
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Event.objects.exists()


def test_edit_and_move_a_generated_event_makes_it_a_persons(client, cast) -> None:
    event = make_event(
        cast.school,
        day=date(2026, 3, 12),
        kind=Kind.LINE_MANAGEMENT,
        title="Line-management meeting (Spring 2)",
        source=Source.HALF_TERM,
        source_key="line:x",
    )
    client.force_login(cast.sendco)
    page = client.get(reverse("calendar:event_edit", args=[event.pk])).content.decode()
    assert "Once you save a change it is yours" in page
    response = client.post(
        reverse("calendar:event_edit", args=[event.pk]),
        _data(
            title=event.title,
            kind=Kind.LINE_MANAGEMENT,
            start_date="2026-03-13",
            end_date="2026-03-13",
            for_staff=None,
            for_parents=None,
            version="1",
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.start_date == date(2026, 3, 13) and event.version == 2
    assert event.edited_at is not None


def test_two_edits_at_once_show_both_versions(client, cast) -> None:
    event = make_event(cast.school, day=date(2026, 3, 12), title="Department review: Science")
    client.force_login(cast.sendco)
    url = reverse("calendar:event_edit", args=[event.pk])
    first = client.post(
        url,
        _data(
            title="Department review: Science (moved)",
            version="1",
            for_staff=None,
            for_parents=None,
        ),
    )
    assert first.status_code == 302
    second = client.post(
        url,
        _data(
            title="Department review: Science, room 4",
            version="1",
            for_staff=None,
            for_parents=None,
        ),
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert "saved somewhere else since you opened it" in html
    assert "Department review: Science (moved)" in html  # the saved one
    assert "Department review: Science, room 4" in html  # theirs, still in the form
    event.refresh_from_db()
    assert event.title == "Department review: Science (moved)"


def test_cancel_restore_and_done(client, cast) -> None:
    event = make_event(
        cast.school, day=date(2026, 3, 12), title="Information evening", for_parents=True
    )
    client.force_login(cast.sendco)
    client.post(reverse("calendar:event_cancel", args=[event.pk]), {"version": "1"})
    event.refresh_from_db()
    assert event.is_cancelled and event.version == 2
    # A stale cancel form (opened before that) changes nothing.
    response = client.post(
        reverse("calendar:event_restore", args=[event.pk]), {"version": "1"}, follow=True
    )
    assert "was changed since you opened it" in response.content.decode()
    client.post(reverse("calendar:event_restore", args=[event.pk]), {"version": "2"})
    event.refresh_from_db()
    assert not event.is_cancelled
    client.post(reverse("calendar:event_done", args=[event.pk]), {"done": "yes"})
    event.refresh_from_db()
    assert event.done_on is not None
    client.post(reverse("calendar:event_done", args=[event.pk]), {"done": "no"})
    event.refresh_from_db()
    assert event.done_on is None


def test_the_event_page_links_to_its_pupil_for_those_who_teach_them(client, cast) -> None:
    event = make_event(
        cast.school,
        day=date(2026, 3, 12),
        kind=Kind.ANNUAL_REVIEW,
        title="EHC annual review (Year 8)",
        pupil=cast.pupil,
    )
    pupil_url = reverse("pupils:pupil", args=[cast.pupil.pk])
    client.force_login(cast.sendco)
    html = client.get(reverse("calendar:event", args=[event.pk])).content.decode()
    assert pupil_url in html and reverse("pupils:ehc_edit", args=[cast.pupil.pk]) in html
    client.force_login(cast.teacher)
    html = client.get(reverse("calendar:event", args=[event.pk])).content.decode()
    assert pupil_url in html and "ehc-plan" not in html and "Edit or move" not in html
    client.force_login(cast.teacher2)
    assert client.get(reverse("calendar:event", args=[event.pk])).status_code == 404
