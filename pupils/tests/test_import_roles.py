"""Who imports what: the staff import never gives pupil-data or admin roles,
only the SENDCo imports SEN data, every import is recorded, and an
oversized upload is refused before its body is read."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core import signals
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse

from audit.models import ChangeKind, ChangeRecord
from pupils.mis_import import MAX_BYTES, ImportKind
from pupils.models import NeedType, Pupil, SenStatus, SenStatusChange
from schools.models import User
from tests.factories import make_pupil

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "mis"
PUPIL_HEADER = (
    "mis_id,upn,legal_first_name,legal_last_name,date_of_birth,year_group,sen_status,needs"
)


def _upload(client, kind: str, name: str, content: bytes):
    return client.post(
        reverse("pupils:import"),
        {"kind": kind, "file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def _confirm(client):
    preview = client.get(reverse("pupils:import_preview"))
    return client.post(reverse("pupils:import_preview"), {"token": preview.context["token"]})


@pytest.fixture
def known_pupil(cast) -> Pupil:
    """A pupil on the register whose MIS id someone might guess."""
    return make_pupil(
        cast.school,
        sen_status=SenStatus.SUPPORT,
        need=NeedType.ASD,
        legal_first_name="Quentin",
        legal_last_name="Guessed",
        date_of_birth=date(2012, 3, 4),
    )


def _guessing_file(pupil: Pupil) -> bytes:
    return (
        f"{PUPIL_HEADER}\n{pupil.mis_id},{pupil.upn},Quentin,Renamed,2012-03-04,9,E,SEMH;SLCN\n"
    ).encode()


def test_admin_preview_shows_no_sen_values_and_the_import_leaves_them(
    client, cast, known_pupil
) -> None:
    client.force_login(cast.school_admin)
    response = _upload(client, ImportKind.PUPILS, "pupils.csv", _guessing_file(known_pupil))
    assert response.status_code == 302
    html = client.get(reverse("pupils:import_preview")).content.decode()
    assert "Only the SENDCo imports SEN data" in html
    assert "legal_last_name: Guessed → Renamed" in html
    for sen_value in ("ASD", "SEMH", "SLCN", "sen_status:", "needs:", "EHC plan", "SEN support"):
        assert sen_value not in html, sen_value
    _confirm(client)
    known_pupil.refresh_from_db()
    assert known_pupil.legal_last_name == "Renamed" and known_pupil.year_group == 9
    assert known_pupil.sen_status == SenStatus.SUPPORT
    assert [n.need for n in known_pupil.needs.all()] == [NeedType.ASD]
    record = ChangeRecord.objects.get(kind=ChangeKind.IMPORT_RUN)
    assert record.actor == cast.school_admin
    assert record.details["sen_columns"] == "ignored" and record.details["updated"] == 1
    assert "SEMH" not in str(record.details) and "Renamed" not in str(record.details)


def test_admin_imports_pupils_from_a_file_without_sen_columns(client, cast) -> None:
    client.force_login(cast.school_admin)
    content = b"mis_id,upn,legal_first_name,legal_last_name,date_of_birth,year_group\n"
    content += b"NEW1,E873401325901,Ada,Lovelace,2013-05-06,8\n"
    assert _upload(client, ImportKind.PUPILS, "basic.csv", content).status_code == 302
    _confirm(client)
    assert Pupil.objects.get(mis_id="NEW1").sen_status == SenStatus.NONE


def test_sendco_preview_shows_the_sen_status_each_row_sets(client, cast, known_pupil) -> None:
    client.force_login(cast.sendco)
    content = _guessing_file(known_pupil) + b"NEW2,E873401325901,Ada,Lovelace,2013-05-06,8,E,HI\n"
    _upload(client, ImportKind.PUPILS, "pupils.csv", content)
    html = client.get(reverse("pupils:import_preview")).content.decode()
    assert "SEN status: EHC plan" in html and "needs: HI" in html
    assert "sen_status: K → E" in html
    _confirm(client)
    known_pupil.refresh_from_db()
    assert known_pupil.sen_status == SenStatus.EHC_PLAN
    changes = SenStatusChange.objects.filter(note__contains="MIS import")
    assert changes.count() == 2
    assert {change.recorded_by for change in changes} == {cast.sendco}


@pytest.mark.parametrize("role", ["school_admin", "sendco"])
def test_the_staff_import_never_gives_pupil_data_or_admin_roles(client, cast, role) -> None:
    client.force_login(getattr(cast, role))
    me = getattr(cast, role)
    content = (SAMPLES / "staff.csv").read_bytes() + (
        f"S0999,{me.email},,{me.first_name},{me.last_name},,,sendco;slt;school_admin;teacher\n"
        f"S0998,{cast.teacher.email},,{cast.teacher.first_name},{cast.teacher.last_name},,,"
        "senco;senior_leader;admin\n"
    ).encode()
    assert _upload(client, ImportKind.STAFF, "staff.csv", content).status_code == 302
    html = client.get(reverse("pupils:import_preview")).content.decode()
    assert "Roles this import does not give" in html
    assert "Paul Drummond (p.drummond@demo.test): Senior leader" in html
    assert (
        f"{me.first_name} {me.last_name} ({me.email}): SENDCo, Senior leader, School admin" in html
    )
    _confirm(client)
    paul = User.objects.get(email="p.drummond@demo.test")
    assert paul.is_teacher and not paul.is_slt
    me.refresh_from_db()
    cast.teacher.refresh_from_db()
    assert me.is_teacher  # an ordinary role is still added
    assert me.is_slt is False and cast.teacher.is_sendco is False
    assert not cast.teacher.is_slt and not cast.teacher.is_school_admin
    if role == "school_admin":
        assert not me.is_sendco
    assert ChangeRecord.objects.filter(
        kind=ChangeKind.ROLE_GRANTED, target_user=paul, details__role="teacher"
    ).exists()


def test_the_staff_import_never_takes_roles_away(client, cast) -> None:
    client.force_login(cast.school_admin)
    content = (
        "mis_id,email,first_name,last_name,roles\n"
        f"S1,{cast.sendco.email},{cast.sendco.first_name},{cast.sendco.last_name},teacher\n"
    ).encode()
    _upload(client, ImportKind.STAFF, "staff.csv", content)
    _confirm(client)
    cast.sendco.refresh_from_db()
    assert cast.sendco.is_sendco and cast.sendco.is_teacher


def test_every_import_is_in_the_record_of_changes(client, cast) -> None:
    client.force_login(cast.sendco)
    for kind, name in [
        (ImportKind.STAFF, "staff.csv"),
        (ImportKind.PUPILS, "pupils.csv"),
        (ImportKind.GROUPS, "groups.csv"),
        (ImportKind.MEMBERSHIPS, "memberships.csv"),
    ]:
        assert _upload(client, kind, name, (SAMPLES / name).read_bytes()).status_code == 302
        assert _confirm(client).status_code == 302
    records = list(ChangeRecord.objects.filter(kind=ChangeKind.IMPORT_RUN).order_by("pk"))
    assert [r.details["import"] for r in records] == ["staff", "pupils", "groups", "memberships"]
    assert all(r.actor == cast.sendco and r.school == cast.school for r in records)
    assert records[0].details["created"] == 4 and records[0].target == "staff.csv"
    assert records[1].details["sen_columns"] == "imported"


# Oversized uploads ------------------------------------------------------------------------------


class GuardedBody(io.RawIOBase):
    """A request body of the size it claims, that fails the test if read."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.size - self.read_bytes)
        self.read_bytes += n
        if self.read_bytes > 64 * 1024:
            raise AssertionError("the oversized body was read")
        buffer[:n] = b"x" * n
        return n


def _call_wsgi(path: str, body: GuardedBody, cookies: str) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": cookies,
        "CONTENT_TYPE": "multipart/form-data; boundary=sendit-boundary",
        "CONTENT_LENGTH": str(body.size),
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    started: list[str] = []
    # As Django's test client does: keep the test's database connection open.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        chunks = WSGIHandler()(environ, lambda status, headers, *_: started.append(status))
        content = b"".join(chunks)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return started[0], content


def test_a_60_mb_upload_is_refused_before_its_body_is_read(cast) -> None:
    client = Client()
    client.force_login(cast.school_admin)
    cookies = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
    body = GuardedBody(60 * 1024 * 1024)
    status, content = _call_wsgi(reverse("pupils:import"), body, cookies)
    html = content.decode()
    assert status.startswith("413")
    assert body.read_bytes == 0
    assert "The file is 60.0 MB; the most that can be imported at once is 2 MB" in html
    assert "There is a problem" in html and 'href="#id_file"' in html


def test_any_other_oversized_request_is_refused(cast) -> None:
    client = Client()
    client.force_login(cast.school_admin)
    cookies = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
    body = GuardedBody(20 * 1024 * 1024)
    status, _ = _call_wsgi(reverse("schools:settings"), body, cookies)
    assert status.startswith("413") and body.read_bytes == 0


def test_a_file_just_over_the_limit_is_refused_next_to_the_field(client, cast) -> None:
    client.force_login(cast.sendco)
    response = _upload(client, ImportKind.PUPILS, "big.csv", b"x" * (MAX_BYTES + 1))
    assert response.status_code == 200
    assert (
        "the most that can be imported at once is 2 MB"
        in response.context["form"].errors["file"][0]
    )
