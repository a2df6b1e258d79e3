"""Refused access is recorded once, centrally: a 404 on an object that exists
but is out of the user's reach writes a security event (who, what kind, id,
page, path, IP, when) for the school that owns the object; an id that names
nothing is not recorded; the SENDCo and school admin read them, filtered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from audit.models import SecurityEvent, SecurityKind
from reports.models import ReportDocument
from tests.factories import make_walk


def _refusals():
    return list(SecurityEvent.objects.filter(kind=SecurityKind.ACCESS_REFUSED))


def test_a_teacher_refused_a_pupil_they_do_not_teach(client, cast) -> None:
    client.force_login(cast.teacher2)
    url = reverse("pupils:pupil", kwargs={"pk": cast.pupil.pk})
    response = client.get(url, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 404
    [event] = _refusals()
    assert event.user == cast.teacher2
    assert event.school_id == cast.school.pk
    assert event.ip == "203.0.113.9"
    assert event.details == {
        "model": "pupils.pupil",
        "id": cast.pupil.pk,
        "page": "pupils:pupil",
        "path": url,
        "active_school": cast.school.pk,
    }


def test_another_schools_sendco_refused_a_walk_is_recorded_for_the_owner(client, cast) -> None:
    walk = make_walk(cast.school, observers=[cast.sendco])
    client.force_login(cast.other_sendco)
    assert client.get(reverse("walks:walk", kwargs={"pk": walk.pk})).status_code == 404
    [event] = _refusals()
    assert event.school_id == cast.school.pk  # the owner's record, not the asker's school
    assert event.details["model"] == "walks.learningwalk"
    assert event.details["active_school"] == cast.other_school.pk


def test_a_report_out_of_reach_is_recorded(client, cast) -> None:
    document = ReportDocument.objects.create(
        school=cast.school, kind="termly", period_key="2025-autumn", period_label="x", version=1
    )
    client.force_login(cast.other_sendco)
    assert client.get(reverse("reports:document", kwargs={"pk": document.pk})).status_code == 404
    [event] = _refusals()
    assert (event.details["model"], event.details["id"]) == ("reports.reportdocument", document.pk)
    assert event.school_id == cast.school.pk


def test_an_id_that_names_nothing_is_not_recorded(client, cast) -> None:
    client.force_login(cast.sendco)
    assert client.get(reverse("pupils:pupil", kwargs={"pk": 987654})).status_code == 404
    assert _refusals() == []


def test_a_page_refused_by_role_alone_is_not_an_object_refusal(client, cast) -> None:
    client.force_login(cast.governor)
    assert client.get(reverse("audit:changes")).status_code == 404
    assert _refusals() == []


def test_no_view_uses_djangos_own_get_object_or_404() -> None:
    """Every view's lookups go through sendit.lib.access, so none escapes the record."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        if re.search(r"from django\.shortcuts import[^\n]*get_object_or_404", text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


# The page -------------------------------------------------------------------------------


def test_the_sendco_reads_the_refusals_and_filters_them(client, cast) -> None:
    walk = make_walk(cast.school, observers=[cast.sendco])
    client.force_login(cast.teacher2)
    client.get(reverse("pupils:pupil", kwargs={"pk": cast.pupil.pk}))
    client.get(reverse("walks:walk", kwargs={"pk": walk.pk}))
    client.force_login(cast.other_sendco)
    client.get(reverse("pupils:pupil", kwargs={"pk": cast.pupil.pk}))
    # The other school's own refusals are not this school's.
    other_walk = make_walk(cast.other_school, observers=[cast.other_sendco])
    client.force_login(cast.sendco)
    client.get(reverse("walks:walk", kwargs={"pk": other_walk.pk}))
    page = client.get(reverse("audit:refused")).content.decode()
    assert page.count("<tr>") == 4  # header and three rows
    assert f"Learning walk {walk.pk}" in page
    assert "(working in another school)" in page
    assert f"Pupil&#x27;s record {cast.pupil.pk}" in page
    only_walks = client.get(reverse("audit:refused"), {"object": "walks.learningwalk"})
    assert only_walks.content.decode().count("<tr>") == 2
    by_teacher = client.get(reverse("audit:refused"), {"person": cast.teacher2.pk})
    assert by_teacher.content.decode().count("<tr>") == 3


def test_refusals_page_queries_stay_constant(client, cast, django_assert_max_num_queries) -> None:
    client.force_login(cast.teacher2)
    client.get(reverse("pupils:pupil", kwargs={"pk": cast.pupil.pk}))
    client.force_login(cast.school_admin)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("audit:refused"))
    counted = len(few.captured_queries)  # before the next request clears the log
    client.force_login(cast.teacher2)
    for _ in range(20):
        client.get(reverse("pupils:pupil", kwargs={"pk": cast.pupil.pk}))
    client.force_login(cast.school_admin)
    with django_assert_max_num_queries(counted):
        client.get(reverse("audit:refused"))


@pytest.mark.parametrize("role", ["slt", "teacher", "ta", "governor"])
def test_others_get_404(client, cast, role) -> None:
    client.force_login(cast.by_role(role))
    assert client.get(reverse("audit:refused")).status_code == 404
