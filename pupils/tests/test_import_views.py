"""The import pages: upload, preview, confirm."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pupils.mis_import import MAX_BYTES, ImportKind
from pupils.models import Pupil
from schools.models import User

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "mis"


def _upload(client, kind: str, name: str, data: bytes | None = None, **extra):
    content = data if data is not None else (SAMPLES / name).read_bytes()
    return client.post(
        reverse("pupils:import"),
        {"kind": kind, "file": SimpleUploadedFile(name, content, content_type="text/csv")},
        **extra,
    )


def _confirm(client):
    preview = client.get(reverse("pupils:import_preview"))
    return client.post(reverse("pupils:import_preview"), {"token": preview.context["token"]})


@pytest.mark.parametrize("name", ["pupils:import", "pupils:import_preview"])
def test_sign_in_is_required(client, cast, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ["slt", "teacher", "ta", "governor"])
def test_only_the_sendco_and_school_admin_import(client, cast, role: str) -> None:
    client.force_login(getattr(cast, role))
    assert client.get(reverse("pupils:import")).status_code == 404
    assert _upload(client, ImportKind.STAFF, "staff.csv").status_code == 404
    assert client.post(reverse("pupils:import_preview")).status_code == 404
    assert not User.objects.filter(email="r.castellano@demo.test").exists()


@pytest.mark.parametrize("role", ["sendco", "school_admin"])
def test_upload_preview_then_confirm(client, cast, role: str) -> None:
    client.force_login(getattr(cast, role))
    assert client.get(reverse("pupils:import")).status_code == 200
    response = _upload(client, ImportKind.STAFF, "staff.csv")
    assert response.status_code == 302 and response.url == reverse("pupils:import_preview")
    assert not User.objects.filter(email="r.castellano@demo.test").exists()  # not yet

    preview = client.get(reverse("pupils:import_preview"))
    html = preview.content.decode()
    assert preview.context["result"].counts["create"] == 4
    assert "Rosa Castellano (r.castellano@demo.test)" in html and "Import these changes" in html

    done = _confirm(client)
    assert done.status_code == 302 and done.url == reverse("pupils:import")
    rosa = User.objects.get(email="r.castellano@demo.test")
    assert rosa.school == cast.school and rosa.is_teacher and not rosa.has_usable_password()
    message = client.get(reverse("pupils:import")).content.decode()
    assert "4 created, 0 updated, 0 removed, 0 unchanged" in message


def test_the_same_file_again_has_nothing_to_import(client, cast) -> None:
    client.force_login(cast.sendco)
    _upload(client, ImportKind.STAFF, "staff.csv")
    _confirm(client)
    _upload(client, ImportKind.STAFF, "staff.csv")
    html = client.get(reverse("pupils:import_preview")).content.decode()
    assert "there is nothing to import" in html and "Import these changes" not in html


def test_the_bad_file_lists_each_row_and_imports_nothing(client, cast) -> None:
    client.force_login(cast.sendco)
    before = Pupil.objects.count()
    response = _upload(client, ImportKind.PUPILS, "pupils_bad.csv")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported: 9 rows need fixing" in html
    problems = response.context["result"].problems
    assert [p.line for p in problems] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    for problem in problems:
        assert f'<th scope="row">{problem.line}</th>' in html
    assert Pupil.objects.count() == before
    # Nothing is waiting to be confirmed either.
    assert client.get(reverse("pupils:import_preview")).status_code == 302


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("big.csv", b"x" * (MAX_BYTES + 1), "the most that can be imported at once is 2 MB"),
        ("pupils.xlsx", b"PK\x03\x04zip", "This is not a CSV file"),
        ("pupils.csv", "mis_id,legal_last_name\nP1,Müller\n".encode("cp1252"), "not UTF-8"),
        ("pupils.csv", b"mis_id,upn\nP1,X\n", "missing these columns: legal_first_name"),
    ],
)
def test_file_problems_are_shown_next_to_the_file_field(client, cast, name, data, message) -> None:
    client.force_login(cast.sendco)
    response = _upload(client, ImportKind.PUPILS, name, data)
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    html = response.content.decode()
    assert "There is a problem" in html and message in html


def test_a_stale_preview_token_imports_nothing(client, cast) -> None:
    client.force_login(cast.sendco)
    _upload(client, ImportKind.STAFF, "staff.csv")
    response = client.post(reverse("pupils:import_preview"), {"token": "not-the-token"})
    assert response.status_code == 302 and response.url == reverse("pupils:import")
    assert not User.objects.filter(email="r.castellano@demo.test").exists()


def test_records_changed_since_the_preview_are_checked_again(client, cast) -> None:
    client.force_login(cast.sendco)
    _upload(client, ImportKind.MEMBERSHIPS, "m.csv", b"group_mis_id,member_type,member_mis_id\n")
    # A header with no rows is refused straight away.
    assert client.get(reverse("pupils:import_preview")).status_code == 302

    cast.group.mis_id = "G1"
    cast.group.save()
    data = f"group_mis_id,member_type,member_mis_id\nG1,pupil,{cast.pupil.mis_id}\n".encode()
    assert _upload(client, ImportKind.MEMBERSHIPS, "m.csv", data).status_code == 302
    cast.pupil.mis_id = "CHANGED"
    cast.pupil.save()
    preview = client.get(reverse("pupils:import_preview"))
    response = client.post(reverse("pupils:import_preview"), {"token": preview.context["token"]})
    assert response.status_code == 200
    assert "not a pupil of this school" in response.content.decode()


def test_pupils_are_imported_into_the_importers_school_only(client, cast) -> None:
    client.force_login(cast.other_sendco)
    _upload(client, ImportKind.PUPILS, "pupils.csv")
    _confirm(client)
    assert Pupil.objects.filter(school=cast.other_school, mis_id="NPA09001").exists()
    assert not Pupil.objects.filter(school=cast.school, mis_id="NPA09001").exists()
