"""The subject access export holds every record of the pupil and none of
another pupil's; only the SENDCo of the pupil's school reaches it; asking
and downloading are recorded; the file is served only by the checked view."""

from __future__ import annotations

import json
import zipfile
from datetime import date

import pytest
from django.test import RequestFactory
from django.urls import reverse

from audit.changes import changes_by
from audit.models import ChangeRecord, ReadKind, RecordRead
from feedback.models import StrategyCheck
from pupils.models import ProfileReview, SenStatusChange
from reports.models import ReportDocument
from reports.registry import kind_for
from reports.services import document_make, document_request, pupil_period, storage_path
from tests.factories import (
    make_arrangement,
    make_assessment,
    make_concern,
    make_ehc_plan,
    make_intervention,
    make_observation,
    make_profile,
    make_visit,
    make_walk,
)


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT


def _records_of(cast, pupil, group) -> dict[str, set[int]]:
    """Every kind of record for ``pupil``; {section key: ids} of what was made."""
    made: dict[str, set[int]] = {"pupils.pupil": {pupil.pk}}

    def add(obj) -> None:
        made.setdefault(obj._meta.label_lower, set()).add(obj.pk)

    with changes_by(cast.sendco, RequestFactory().post("/")):
        for need in pupil.needs.all():
            add(need)
        add(
            SenStatusChange.objects.create(
                pupil=pupil, from_status="N", to_status="K", changed_on=date(2025, 9, 1)
            )
        )
        profile = make_profile(pupil, strategies=["Seat near the front"], targets=["Read aloud"])
        add(profile)
        strategy = profile.strategies.get()
        add(strategy)
        add(profile.targets.get())
        add(ProfileReview.objects.create(pupil=pupil, held_on=date(2025, 12, 1)))
        add(make_concern(pupil, raised_by=cast.teacher))
        intervention = make_intervention(cast.school, pupils=[pupil])
        add(intervention)
        add(intervention.places.get())
        add(make_assessment(pupil))
        add(make_arrangement(pupil))
        add(make_ehc_plan(pupil))
        walk = make_walk(cast.school, observers=[cast.sendco])
        observation = make_observation(make_visit(walk, group), cast.sendco)
        add(observation)
        add(StrategyCheck.objects.create(observation=observation, pupil=pupil, strategy=strategy))
    read = RecordRead.objects.create(
        school=cast.school, actor=cast.teacher, kind=ReadKind.PUPIL, record_id=pupil.pk
    )
    add(read)
    return made


def _export(cast, pupil) -> dict:
    kind = kind_for("subject_access")
    document = document_request(
        school=cast.school,
        kind=kind,
        period=pupil_period(pupil.pk, "Everything held", date.today()),
        requested_by=cast.sendco,
        pupil_id=pupil.pk,
    )
    assert document_make(document_id=document.pk, worker="test") == "done"
    document.refresh_from_db()
    path = storage_path(document)
    assert path.suffix == ".zip"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert "subject-access.html" in names and any(n.startswith("csv/") for n in names)
        assert "<script" not in archive.read("subject-access.html").decode()
        return json.loads(archive.read("subject-access.json"))


def _ids(export: dict) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for section in export["sections"]:
        found.setdefault(section["key"], set()).update(row["id"] for row in section["rows"])
    return found


def test_the_export_holds_every_record_of_the_pupil_and_none_of_another(cast) -> None:
    first = _records_of(cast, cast.pupil, cast.group)
    second = _records_of(cast, cast.pupil2, cast.group2)
    export = _export(cast, cast.pupil)
    found = _ids(export)
    for key, ids in first.items():
        assert ids <= found.get(key, set()), f"{key}: {ids - found.get(key, set())} missing"
    for key, ids in second.items():
        if key == "pupils.intervention":
            continue  # (each pupil has their own intervention here; checked below)
        assert not ids & found.get(key, set()), f"{key}: another pupil's {ids & found[key]}"
    assert not second["pupils.intervention"] & found["pupils.intervention"]
    # The record of changes about the pupil's rows, and none about the other's.
    changes = next(s for s in export["sections"] if s["key"] == "audit.changerecord")["rows"]
    about = {(row["details"]["model"], row["details"]["id"]) for row in changes}
    assert ("pupils.assessment", next(iter(first["pupils.assessment"]))) in about
    assert ("pupils.assessment", next(iter(second["pupils.assessment"]))) not in about
    assert all(row["school_id"] == cast.school.pk for row in changes)


def test_only_the_sendco_reaches_the_export_page(client, cast) -> None:
    url = reverse("reports:subject_access", kwargs={"pk": cast.pupil.pk})
    for user in (cast.slt, cast.teacher, cast.ta, cast.governor, cast.school_admin):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.force_login(cast.other_sendco)
    assert client.get(url).status_code == 404
    client.force_login(cast.sendco)
    assert client.get(url).status_code == 200


def test_asking_is_recorded_and_downloading_is_a_read(
    client, cast, django_capture_on_commit_callbacks
) -> None:
    client.force_login(cast.sendco)
    url = reverse("reports:subject_access", kwargs={"pk": cast.pupil.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    document = ReportDocument.objects.get(kind="subject_access")
    assert response.url == reverse("reports:document", kwargs={"pk": document.pk})
    assert document.pupil_id == cast.pupil.pk and document.status == ReportDocument.Status.DONE
    asked = ChangeRecord.objects.get(details__model="reports.reportdocument", kind="record_created")
    assert asked.actor == cast.sendco and asked.details["values"]["pupil_id"] == [
        None,
        cast.pupil.pk,
    ]
    assert "Version 1" in client.get(url).content.decode()
    download = reverse("reports:download", kwargs={"pk": document.pk})
    for user in (cast.slt, cast.governor, cast.other_sendco):
        client.force_login(user)
        assert client.get(download).status_code == 404
        assert (
            client.get(reverse("reports:document", kwargs={"pk": document.pk})).status_code == 404
        )
    client.force_login(cast.sendco)
    before = RecordRead.objects.filter(part="subject access export").count()
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    read = RecordRead.objects.filter(part="subject access export").get()
    assert before == 0 and read.actor == cast.sendco and read.record_id == cast.pupil.pk


def test_the_file_is_not_under_a_served_url(client, cast, reports_root) -> None:
    first = _records_of(cast, cast.pupil, cast.group)
    assert first
    _export(cast, cast.pupil)
    document = ReportDocument.objects.get(kind="subject_access")
    path = storage_path(document)
    assert path.is_relative_to(reports_root)
    client.force_login(cast.sendco)
    assert client.get(f"/media/reports/{document.school_id}/{path.name}").status_code == 404


def test_the_export_is_not_listed_with_the_schools_documents(client, cast) -> None:
    _export(cast, cast.pupil)
    client.force_login(cast.sendco)
    home = client.get(reverse("reports:home")).content.decode()
    assert "Subject access export" not in home
    page = client.get(reverse("reports:subject_access", kwargs={"pk": cast.pupil.pk}))
    assert "Version 1" in page.content.decode()


def test_a_reader_who_is_no_longer_sendco_gets_no_export(cast) -> None:
    kind = kind_for("subject_access")
    document = document_request(
        school=cast.school,
        kind=kind,
        period=pupil_period(cast.other_pupil.pk, "x", date.today()),
        requested_by=cast.sendco,
        pupil_id=cast.other_pupil.pk,  # another school's pupil
    )
    assert document_make(document_id=document.pk, worker="test") == "failed"
    document.refresh_from_db()
    assert "no longer held at this school" in document.failure
