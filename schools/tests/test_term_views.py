"""The term-dates pages: the school admin enters and changes them, the SENDCo reads."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import ChangeKind, ChangeRecord
from schools import terms as t
from schools.models import HalfTermName, SchoolYear
from schools.term_defaults import default_half_terms
from tests.factories import make_school_year

pytestmark = pytest.mark.usefixtures("frozen")

OWN_2026 = [
    ("2026-09-03", "2026-10-23"),
    ("2026-11-02", "2026-12-18"),
    ("2027-01-05", "2027-02-12"),
    ("2027-02-22", "2027-03-26"),
    ("2027-04-12", "2027-05-28"),
    ("2027-06-07", "2027-07-20"),
]


@pytest.fixture
def frozen():
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


def _post(halves=OWN_2026, days=(), version=0, extra_rows=0, initial_rows=0) -> dict[str, str]:
    data = {"version": str(version)}
    for value, (start, end) in zip(HalfTermName.values, halves, strict=True):
        data[f"{value}_start"], data[f"{value}_end"] = start, end
    rows = list(days) + [("", "inset", "")] * extra_rows
    data["days-TOTAL_FORMS"] = str(len(rows))
    data["days-INITIAL_FORMS"] = str(initial_rows)
    for n, row in enumerate(rows):
        day, kind, name, *remove = row
        data[f"days-{n}-day"], data[f"days-{n}-kind"], data[f"days-{n}-name"] = day, kind, name
        if remove:
            data[f"days-{n}-DELETE"] = "on"
    return data


def _new_url(year: int | str = 2026) -> str:
    return f"{reverse('schools:term_year_new')}?year={year}"


def test_the_admin_enters_a_year(cast, client) -> None:
    client.force_login(cast.school_admin)
    page = client.get(_new_url()).content.decode()
    # The form starts from the usual dates.
    assert 'value="2026-09-01"' in page and "Enter your school's dates for 2026 to 2027" in page
    days = [("2026-09-03", "inset", "Staff training"), ("2027-05-06", "closure", "Polling station")]
    response = client.post(_new_url(), _post(days=days, extra_rows=2))
    year = SchoolYear.objects.get(school=cast.school, start_year=2026)
    assert response.status_code == 302 and response.url == reverse(
        "schools:term_year", args=[year.pk]
    )
    assert year.version == 1
    entered = t.year_of(cast.school, 2026)
    assert entered.entered and entered.half_terms[0].start == date(2026, 9, 3)
    assert [(d.day, d.kind) for d in entered.non_teaching] == [
        (date(2026, 9, 3), "inset"),
        (date(2027, 5, 6), "closure"),
    ]
    record = ChangeRecord.objects.get(school=cast.school, kind=ChangeKind.TERM_DATES_SAVED)
    assert record.actor == cast.school_admin and record.target == "Term dates 2026 to 2027"
    assert record.details["first_entry"] and record.details["days_added"] == [
        "2026-09-03",
        "2027-05-06",
    ]
    detail = client.get(response.url).content.decode()
    assert "Polling station" in detail and "Thursday 3 September 2026" in detail
    # Opening "enter" again goes to the year's edit page.
    again = client.get(_new_url())
    assert again.url == reverse("schools:term_year_edit", args=[year.pk])


def test_the_admin_changes_a_year_and_removes_a_day(cast, client) -> None:
    year = make_school_year(
        cast.school, 2026, non_teaching=[(date(2026, 9, 1), "inset", "Training")]
    )
    client.force_login(cast.school_admin)
    url = reverse("schools:term_year_edit", args=[year.pk])
    page = client.get(url).content.decode()
    assert 'value="Training"' in page and "Remove this day" in page
    halves = [(start.isoformat(), end.isoformat()) for _, start, end in default_half_terms(2026)]
    halves[5] = ("2027-06-07", "2027-07-16")
    data = _post(halves, [("2026-09-01", "inset", "Training", "remove")], version=1, initial_rows=1)
    assert client.post(url, data).status_code == 302
    saved = t.year_of(cast.school, 2026)
    assert saved.half_terms[5].end == date(2027, 7, 16) and saved.non_teaching == ()
    record = ChangeRecord.objects.filter(kind=ChangeKind.TERM_DATES_SAVED).get()
    assert record.details["half_terms_changed"] == ["Summer 2"]
    assert record.details["days_removed"] == ["2026-09-01"]
    year.refresh_from_db()
    assert year.version == 2


BAD_HALVES = [
    # (which pair to change, the new pair, the field with the message, the message)
    (0, ("2026-10-23", "2026-09-03"), "autumn_1_end", "cannot be before its first day"),
    (1, ("2026-10-20", "2026-12-18"), "autumn_2_start", "must start after Autumn 1 ends"),
    (3, ("2027-01-10", "2027-03-26"), "spring_2_start", "must start after Spring 1 ends"),
    (0, ("2026-07-30", "2026-10-23"), "autumn_1_start", "must start inside the school year"),
    (5, ("2027-06-07", "2027-08-02"), "summer_2_end", "must end inside the school year"),
    (2, ("", "2027-02-12"), "spring_1_start", "Enter the first day of Spring 1."),
    (2, ("5th of January", "2027-02-12"), "spring_1_start", "Enter a real date"),
    (2, ("2027-02-30", "2027-02-12"), "spring_1_start", "Enter a real date"),
]


@pytest.mark.parametrize(("index", "pair", "field", "message"), BAD_HALVES)
def test_bad_half_terms_are_explained_and_kept(cast, client, index, pair, field, message) -> None:
    client.force_login(cast.school_admin)
    halves = list(OWN_2026)
    halves[index] = pair
    response = client.post(_new_url(), _post(halves, [("2026-11-02", "inset", "Training day")]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and page.count(message) == 2  # summary and field
    assert f'href="#id_{field}"' in page
    assert f'value="{pair[0]}"' in page or not pair[0]  # what was typed stays
    assert 'value="Training day"' in page
    assert not SchoolYear.objects.filter(school=cast.school).exists()


BAD_DAYS = [
    (("2026-10-28", "inset", "Training"), "is not inside a half-term"),
    (("2026-11-07", "inset", "Training"), "is a Saturday"),
    (("2026-11-03", "inset", ""), "Say what the day is"),
    (("2026-13-03", "inset", "Training"), "Enter a real date"),
    (("2026-11-03", "holiday", "Training"), "Select a valid choice"),
]


@pytest.mark.parametrize(("row", "message"), BAD_DAYS)
def test_bad_non_teaching_days_are_explained(cast, client, row, message) -> None:
    client.force_login(cast.school_admin)
    response = client.post(_new_url(), _post(days=[row]))
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert 'href="#id_days-0-' in page and "Day 1," in page
    assert not SchoolYear.objects.exists()


def test_a_day_entered_twice(cast, client) -> None:
    client.force_login(cast.school_admin)
    days = [("2026-11-03", "inset", "Training"), ("2026-11-03", "closure", "Boiler")]
    page = client.post(_new_url(), _post(days=days)).content.decode()
    assert "3 November 2026 is already entered (row 1)." in page
    assert not SchoolYear.objects.exists()


def test_two_admins_saving_the_same_year(cast, client) -> None:
    year = make_school_year(cast.school, 2026)
    client.force_login(cast.school_admin)
    url = reverse("schools:term_year_edit", args=[year.pk])
    first = list(OWN_2026)
    assert client.post(url, _post(first, version=1)).status_code == 302
    second = list(OWN_2026)
    second[0] = ("2026-09-02", "2026-10-23")
    response = client.post(url, _post(second, [("2026-11-03", "inset", "Training")], version=1))
    page = response.content.decode()
    assert response.status_code == 409 and "saved somewhere else since you opened it" in page
    assert "First day of Autumn 1" in page and 'value="2026-09-02"' in page
    assert 'name="version" value="2"' in page
    assert t.year_of(cast.school, 2026).half_terms[0].start == date(2026, 9, 3)  # not overwritten
    assert client.post(url, _post(second, version=2)).status_code == 302
    assert t.year_of(cast.school, 2026).half_terms[0].start == date(2026, 9, 2)


def test_a_year_entered_meanwhile_is_a_conflict(cast, client) -> None:
    client.force_login(cast.school_admin)
    make_school_year(cast.school, 2026)  # someone else entered it after the form opened
    response = client.post(_new_url(), _post(version=0))
    assert response.status_code == 409
    assert t.year_of(cast.school, 2026).half_terms[0].start == date(2026, 9, 1)


@pytest.mark.parametrize("year", ["abc", "99999", "2001", "²⁰²⁶", "-1", "2026-autumn"])
def test_a_year_of_the_wrong_shape_shows_this_year(cast, client, year) -> None:
    client.force_login(cast.school_admin)
    response = client.get(_new_url(year))
    page = response.content.decode()
    assert response.status_code == 200 and "Term dates 2026 to 2027" in page
    assert "That school year is not one sendit knows; showing this school year instead." in page


def test_huge_ids_are_404(cast, client) -> None:
    client.force_login(cast.school_admin)
    assert client.get("/school/term-dates/99999999999999999999/").status_code == 404
    assert client.get("/school/term-dates/99999999999999999999/edit/").status_code == 404


def test_the_sendco_reads_and_is_asked_to_have_dates_entered(cast, client) -> None:
    client.force_login(cast.sendco)
    page = client.get(reverse("schools:term_years")).content.decode()
    assert "are the usual England dates, not your school's own" in page
    assert "Ask your school admin" in page and "Enter<span" not in page
    dashboard = client.get(reverse("shell:dashboard")).content.decode()
    assert "Ask your school admin" in dashboard
    year = make_school_year(cast.school, 2026)
    page = client.get(reverse("schools:term_years")).content.decode()
    assert "not your school's own" not in page
    detail = client.get(reverse("schools:term_year", args=[year.pk])).content.decode()
    assert "Change these dates" not in detail
    assert "not your school's own" not in client.get(reverse("shell:dashboard")).content.decode()
    assert client.get(reverse("schools:term_year_edit", args=[year.pk])).status_code == 404


def test_the_admin_is_asked_with_a_link(cast, client) -> None:
    client.force_login(cast.school_admin)
    page = client.get(reverse("schools:term_years")).content.decode()
    assert f'href="{_new_url(2026)}"' in page.replace("&amp;", "&")
    assert "Enter your school's term dates for 2026 to 2027" in page
    settings_page = client.get(reverse("schools:settings")).content.decode()
    assert "Enter your school's term dates for 2026 to 2027" in settings_page


def test_another_school_never_sees_these_dates(cast, client) -> None:
    year = make_school_year(
        cast.school, 2026, [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in OWN_2026]
    )
    other_admin = cast.other_sendco
    other_admin.memberships.update(is_school_admin=True)
    client.force_login(other_admin)
    assert client.get(reverse("schools:term_year", args=[year.pk])).status_code == 404
    assert client.get(reverse("schools:term_year_edit", args=[year.pk])).status_code == 404
    page = client.get(reverse("schools:term_years")).content.decode()
    assert "3 Sep 2026" not in page and "1 Sep 2026" in page  # its own (usual) dates
    assert client.post(_new_url(), _post()).status_code == 302
    assert t.year_of(cast.school, 2026).half_terms[0].start == date(2026, 9, 3)
    assert SchoolYear.objects.filter(school=cast.other_school).count() == 1


def test_the_years_list_keeps_its_queries_as_years_are_added(
    cast, client, django_assert_num_queries
) -> None:
    client.force_login(cast.sendco)
    make_school_year(cast.school, 2025)
    client.get(reverse("schools:term_years"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("schools:term_years"))
    for start in range(2010, 2025):
        make_school_year(
            cast.school, start, non_teaching=[(date(start, 9, 9), "inset", "Training")]
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("schools:term_years"))
    assert len(response.context["years"]) == 10
    assert response.context["page"].paginator.num_pages == 2
