"""Attendance from the MIS: the attendance file and the pupil file's columns,
all or nothing, with the row and the column of each bad value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import ChangeKind, ChangeRecord
from outcomes.imports import attendance_import_apply, attendance_import_preview
from outcomes.models import AttendanceRecord
from pupils.mis_import import ImportFileError, ImportKind, mis_import_apply
from pupils.models import Pupil
from sendit.lib.dates import school_year_start
from tests.factories import make_pupil, make_school

pytestmark = pytest.mark.django_db


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _apply(school, data: bytes, *, term: str = "autumn"):
    return attendance_import_apply(
        school=school, data=data, filename="attendance.csv", school_year=2026, term=term
    )


def test_attendance_file_by_mis_id_or_upn() -> None:
    school = make_school("Import School")
    first, second = make_pupil(school), make_pupil(school)
    data = _csv(
        "mis_id,upn,attendance_percent,suspension_days,sessions_possible,sessions_attended",
        f"{first.mis_id},,93.5,,120,112",
        f",{second.upn},87.25%,1.5,,",
    )
    result = _apply(school, data)
    assert result.applied, result.problems
    records = {r.pupil_id: r for r in AttendanceRecord.objects.filter(term="autumn")}
    assert records[first.pk].attendance_percent == Decimal("93.50")
    assert (records[first.pk].sessions_possible, records[first.pk].sessions_attended) == (120, 112)
    assert records[second.pk].attendance_percent == Decimal("87.25")
    assert records[second.pk].suspension_days == Decimal("1.5")
    # Again: nothing changes.
    again = attendance_import_preview(
        school=school, data=data, filename="attendance.csv", school_year=2026, term="autumn"
    )
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "remove": 0}
    assert ChangeRecord.objects.filter(kind=ChangeKind.IMPORT_RUN, school=school).count() == 1


@pytest.mark.parametrize(
    ("value", "column"),
    [
        ("105", "attendance_percent"),
        ("-3", "attendance_percent"),
        ("93.456", "attendance_percent"),
        ("ninety", "attendance_percent"),
        ("", "attendance_percent"),
    ],
)
def test_a_bad_attendance_value_refuses_the_whole_file(value: str, column: str) -> None:
    school = make_school("Refusing School")
    good, bad = make_pupil(school), make_pupil(school)
    data = _csv("mis_id,attendance_percent", f"{good.mis_id},95", f"{bad.mis_id},{value}")
    result = _apply(school, data)
    assert not result.applied
    assert [p.line for p in result.problems] == [3]
    assert column in result.problems[0].message
    assert not AttendanceRecord.objects.exists()


def test_other_bad_rows_are_named() -> None:
    school = make_school("Naming School")
    pupil = make_pupil(school)
    data = _csv(
        "mis_id,attendance_percent,suspension_days,sessions_possible,sessions_attended",
        f"{pupil.mis_id},95,0.3,,",
        "NOBODY,95,,,",
        f"{pupil.mis_id},96,,,",
        ",90,,,",
    )
    result = _apply(school, data)
    messages = {p.line: p.message for p in result.problems}
    assert "suspension_days" in messages[2]
    assert "NOBODY is not a pupil of this school" in messages[3]
    assert "also on line 2" in messages[4]
    assert "mis_id and upn are both empty" in messages[5]
    assert not AttendanceRecord.objects.exists()


def test_the_file_needs_a_way_to_say_which_pupil() -> None:
    school = make_school("Header School")
    with pytest.raises(ImportFileError, match="mis_id, upn"):
        _apply(school, _csv("name,attendance_percent", "Someone,95"))


def _pupil_file(*rows: str, header: str = "") -> bytes:
    columns = header or (
        "mis_id,upn,legal_first_name,legal_last_name,date_of_birth,year_group,sen_status,needs,"
        "attendance_percent,suspension_days"
    )
    return _csv(columns, *rows)


def test_the_pupil_file_carries_the_year_to_date(cast) -> None:
    pupil = cast.pupil
    row = (
        f"{pupil.mis_id},{pupil.upn},{pupil.legal_first_name},{pupil.legal_last_name},"
        f"{pupil.date_of_birth.isoformat()},{pupil.year_group},K,ASD,91.2,2"
    )
    new = "NEW1,A123456789012,New,Pupil,2013-02-02,7,N,,96,"
    from pupils.upn import make_upn

    new = new.replace("A123456789012", make_upn("999888777666"))
    result = mis_import_apply(
        school=cast.school,
        kind=ImportKind.PUPILS,
        data=_pupil_file(row, new),
        filename="pupils.csv",
    )
    assert result.applied, result.problems
    year = school_year_start(timezone.localdate())
    records = AttendanceRecord.objects.filter(school=cast.school, school_year=year, term="")
    found = {r.pupil.mis_id: (r.attendance_percent, r.suspension_days) for r in records}
    assert found == {
        pupil.mis_id: (Decimal("91.20"), Decimal("2.0")),
        "NEW1": (Decimal("96.00"), Decimal("0.0")),
    }
    assert {r.source for r in records} == {AttendanceRecord.Source.PUPIL_FILE}


def test_a_bad_attendance_value_refuses_the_whole_pupil_file(cast) -> None:
    pupil = cast.pupil
    row = (
        f"{pupil.mis_id},{pupil.upn},Changed,{pupil.legal_last_name},"
        f"{pupil.date_of_birth.isoformat()},{pupil.year_group},K,ASD,101,"
    )
    result = mis_import_apply(
        school=cast.school, kind=ImportKind.PUPILS, data=_pupil_file(row), filename="pupils.csv"
    )
    assert not result.applied
    assert len(result.problems) == 1
    assert result.problems[0].line == 2
    assert "attendance_percent “101”" in result.problems[0].message
    assert Pupil.objects.get(pk=pupil.pk).legal_first_name == pupil.legal_first_name
    assert not AttendanceRecord.objects.exists()


def test_upload_preview_and_confirm_pages(client, cast) -> None:
    client.force_login(cast.school_admin)
    url = reverse("outcomes:attendance_import")
    page = client.get(url)
    period = page.context["form"].fields["period"].choices[0][0]
    bad = client.post(
        url,
        {
            "period": period,
            "file": _upload(_csv("mis_id,attendance_percent", f"{cast.pupil.mis_id},100.5")),
        },
    )
    assert bad.status_code == 200
    assert "Nothing was imported" in bad.content.decode()
    assert (
        "line" not in bad.content.decode().lower() or "attendance_percent" in bad.content.decode()
    )
    good = client.post(
        url,
        {"period": period, "file": _upload(_csv("upn,attendance_percent", f"{cast.pupil.upn},97"))},
    )
    assert good.status_code == 302
    preview = client.get(reverse("outcomes:attendance_import_preview"))
    assert "to add" in preview.content.decode()
    token = preview.context["token"]
    done = client.post(reverse("outcomes:attendance_import_preview"), {"token": token})
    assert done.status_code == 302
    assert AttendanceRecord.objects.get().attendance_percent == Decimal("97.00")


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("attendance.csv", data, content_type="text/csv")


def test_the_sample_files() -> None:
    from datetime import date
    from pathlib import Path

    samples = Path(__file__).resolve().parents[2] / "samples" / "mis"
    school = make_school("Sample School")
    for line in (samples / "pupils.csv").read_text().splitlines()[1:]:
        cells = line.split(",")
        Pupil.objects.create(
            school=school,
            mis_id=cells[0],
            upn=cells[1],
            legal_first_name=cells[2],
            legal_last_name=cells[3],
            date_of_birth=date(2014, 9, 1),
            year_group=7,
        )
    good = _apply(school, (samples / "attendance.csv").read_bytes())
    assert good.applied, good.problems
    assert good.counts["create"] == 6
    bad = _apply(school, (samples / "attendance_bad.csv").read_bytes(), term="spring")
    assert [problem.line for problem in bad.problems] == [3, 4, 5, 6, 7]
    assert not AttendanceRecord.objects.filter(term="spring").exists()
