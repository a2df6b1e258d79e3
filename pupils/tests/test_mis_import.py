"""The MIS import, without views: reading files, checking rows, all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pupils.mis_import import (
    MAX_BYTES,
    ImportFileError,
    ImportKind,
    mis_import_apply,
    mis_import_preview,
)
from pupils.models import NeedType, Pupil, SenStatus, SenStatusChange, TeachingGroup
from pupils.upn import make_upn
from schools.models import Membership, User
from tests.factories import make_group, make_pupil, make_school, make_user

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "mis"
ORDER = [
    (ImportKind.STAFF, "staff.csv"),
    (ImportKind.PUPILS, "pupils.csv"),
    (ImportKind.GROUPS, "groups.csv"),
    (ImportKind.MEMBERSHIPS, "memberships.csv"),
]
PUPIL_HEADER = (
    "mis_id,upn,legal_first_name,legal_last_name,date_of_birth,year_group,sen_status,needs\n"
)


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def _apply(school, kind: str, text: str, filename: str = "file.csv"):
    return mis_import_apply(school=school, kind=kind, data=text.encode(), filename=filename)


def _fingerprint(school) -> dict[str, object]:
    return {
        "pupils": list(
            Pupil.objects.filter(school=school)
            .order_by("mis_id")
            .values_list("mis_id", "upn", "sen_status", "primary_need", "form", "updated_at")
        ),
        "staff": list(
            Membership.objects.filter(school=school)
            .order_by("user__email")
            .values_list("user__email", "is_teacher", "is_ta", "is_slt", "user__department")
        ),
        "groups": list(
            TeachingGroup.objects.filter(school=school).values_list("code", "subject", "mis_id")
        ),
        "members": TeachingGroup.pupils.through.objects.count(),
        "teachers": TeachingGroup.teachers.through.objects.count(),
        "tas": TeachingGroup.teaching_assistants.through.objects.count(),
        "history": SenStatusChange.objects.count(),
    }


@pytest.fixture
def school(db):
    return make_school("Import Academy")


def test_the_sample_files_import_in_order_and_again_change_nothing(school) -> None:
    for kind, name in ORDER:
        result = mis_import_apply(school=school, kind=kind, data=_sample(name), filename=name)
        assert result.ok, result.problems
        assert result.applied
        assert result.counts["create"] > 0
    ellie = Pupil.objects.get(school=school, mis_id="NPA09005")
    assert ellie.preferred_name == "Ellie"
    assert ellie.sen_status == SenStatus.EHC_PLAN
    assert list(ellie.needs.values_list("need", flat=True)) == [NeedType.ASD, NeedType.SLCN]
    assert ellie.primary_need == NeedType.ASD
    assert ellie.looked_after and ellie.pupil_premium and not ellie.eal
    assert ellie.status_changes.get().to_status == SenStatus.EHC_PLAN
    drama = TeachingGroup.objects.get(school=school, code="8A/Dr")
    teachers = drama.teachers.filter(memberships__school=school)
    assert set(teachers.values_list("memberships__mis_id", flat=True)) == {"S0901", "S0904"}
    assert drama.pupils.count() == 4
    assert User.objects.get(email="n.osei@demo.test").supported_groups.get().code == "7A/Dr"

    before = _fingerprint(school)
    for kind, name in ORDER:
        preview = mis_import_preview(school=school, kind=kind, data=_sample(name), filename=name)
        assert preview.ok and not preview.has_changes
        assert preview.counts["unchanged"] == len(preview.changes) > 0
        mis_import_apply(school=school, kind=kind, data=_sample(name), filename=name)
    assert _fingerprint(school) == before


def test_the_bad_sample_is_refused_whole_with_every_bad_row(school) -> None:
    before = _fingerprint(school)
    result = mis_import_apply(
        school=school, kind=ImportKind.PUPILS, data=_sample("pupils_bad.csv"), filename="b.csv"
    )
    assert not result.applied
    assert _fingerprint(school) == before
    reasons = {problem.line: problem.message for problem in result.problems}
    # Line 2 is the one good row; every other row has its own problem.
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "check letter" in reasons[3]
    assert "not a date" in reasons[4]
    assert "year_group" in reasons[5]
    assert "not N, K or E" in reasons[6]
    assert "DYSLEXIA" in reasons[7]
    assert "also on line 2" in reasons[8]
    assert "legal_first_name is empty" in reasons[9]
    assert "Y or N" in reasons[10]
    assert "no need types" in reasons[11]


def test_one_bad_row_among_good_ones_writes_nothing(school) -> None:
    good = f"P1,{make_upn('873401325001')},Ada,Lovelace,2014-10-01,7,N,\n"
    bad = f"P2,{make_upn('873401325002')},Alan,Turing,2014-10-01,7,K,\n"
    result = _apply(school, ImportKind.PUPILS, PUPIL_HEADER + good + bad)
    assert [(p.line, "at least one need type" in p.message) for p in result.problems] == [(3, True)]
    assert not Pupil.objects.filter(school=school).exists()


def test_line_numbers_count_lines_inside_quoted_cells(school) -> None:
    text = (
        'mis_id,code,subject,year_group\nG1,7A/Dr,"Drama\nand theatre",7\nG2,7B/Dr,Drama,twelve\n'
    )
    result = _apply(school, ImportKind.GROUPS, text)
    assert [p.line for p in result.problems] == [4]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"x" * (MAX_BYTES + 1), "big.csv", "the most that can be imported at once is 2 MB"),
        (b"PK\x03\x04rest-of-a-zip", "pupils.csv", "not CSV text"),
        (b"mis_id,upn\n", "pupils.xlsx", "This is not a CSV file"),
        ("mis_id,legal_last_name\nP1,Müller\n".encode("latin-1"), "p.csv", "not UTF-8"),
        (b"", "empty.csv", "The file is empty"),
        (PUPIL_HEADER.encode(), "p.csv", "no data rows"),
        (b"mis_id;upn;legal_first_name\n1;2;3\n", "p.csv", "separated by semicolons"),
    ],
)
def test_file_problems_have_clear_messages(school, data: bytes, filename: str, message) -> None:
    with pytest.raises(ImportFileError, match=message):
        mis_import_preview(school=school, kind=ImportKind.PUPILS, data=data, filename=filename)


def test_missing_columns_are_named(school) -> None:
    with pytest.raises(ImportFileError) as error:
        _apply(school, ImportKind.PUPILS, "mis_id,upn,legal_first_name\nP1,x,y\n")
    message = str(error.value)
    for column in ("legal_last_name", "date_of_birth", "year_group", "sen_status", "needs"):
        assert column in message
    assert "upn," not in message.split(":", 1)[1]


def test_a_byte_order_mark_and_unknown_columns_are_fine(school) -> None:
    text = "\ufeffmis_id,code,subject,year_group,room\nG1,7A/Dr,Drama,7,D1\n"
    result = _apply(school, ImportKind.GROUPS, text)
    assert result.applied and result.ignored_columns == ["room"]
    assert TeachingGroup.objects.get(school=school).code == "7A/Dr"


def test_pupils_are_matched_on_upn_and_changes_of_status_kept_as_history(school) -> None:
    pupil = make_pupil(school, sen_status=SenStatus.SUPPORT, need=NeedType.SPLD)
    row = (
        f"NEW-ID,{pupil.upn},{pupil.legal_first_name},{pupil.legal_last_name},"
        f"{pupil.date_of_birth:%d/%m/%Y},Y9,E,ASD;SPLD\n"
    )
    preview = mis_import_preview(
        school=school, kind=ImportKind.PUPILS, data=(PUPIL_HEADER + row).encode(), filename="p.csv"
    )
    assert preview.counts == {"create": 0, "update": 1, "unchanged": 0, "remove": 0}
    details = " ".join(preview.changes[0].details)
    assert "mis_id" in details and "sen_status: K → E" in details and "SPLD → ASD;SPLD" in details

    _apply(school, ImportKind.PUPILS, PUPIL_HEADER + row)
    pupil.refresh_from_db()
    assert (pupil.mis_id, pupil.year_group, pupil.sen_status) == ("NEW-ID", 9, "E")
    assert pupil.primary_need == NeedType.ASD
    assert list(pupil.needs.values_list("need", "rank")) == [("ASD", 1), ("SPLD", 2)]
    change = pupil.status_changes.get()
    assert (change.from_status, change.to_status) == ("K", "E")


def test_a_upn_of_another_pupil_is_refused(school) -> None:
    first, second = make_pupil(school), make_pupil(school)
    row = f"{first.mis_id},{second.upn},A,B,2013-01-01,8,N,\n"
    result = _apply(school, ImportKind.PUPILS, PUPIL_HEADER + row)
    assert "belongs to another pupil" in result.problems[0].message


def test_pupils_of_another_school_are_never_matched(school) -> None:
    other = make_pupil(make_school())
    row = f"{other.mis_id},{other.upn},A,B,2013-01-01,8,N,\n"
    result = _apply(school, ImportKind.PUPILS, PUPIL_HEADER + row)
    assert result.counts["create"] == 1
    other.refresh_from_db()
    assert other.legal_first_name != "A"


def test_new_staff_get_no_usable_password_and_roles_are_only_added(school) -> None:
    sendco = make_user(school, "sendco", email="lead@import.test", mis_id="S1")
    text = (
        "mis_id,email,first_name,last_name,roles\n"
        "S1,lead@import.test,Lee,Adams,teacher\n"
        "S2,New.Person@Import.test,Nell,Prior,Teaching assistant\n"
    )
    result = _apply(school, ImportKind.STAFF, text)
    assert result.applied
    sendco.refresh_from_db()
    assert sendco.is_sendco and sendco.is_teacher  # the SENDCo role survives
    new = User.objects.get(email="new.person@import.test")
    assert new.school == school and new.is_ta and not new.has_usable_password()


def test_staff_problems(school) -> None:
    make_user(make_school(), "teacher", email="taken@elsewhere.test")
    text = (
        "mis_id,email,first_name,last_name,roles\n"
        "S1,taken@elsewhere.test,A,B,teacher\n"
        "S2,not-an-email,A,B,teacher\n"
        "S3,c@import.test,A,B,headteacher\n"
        "S4,d@import.test,A,B,\n"
    )
    result = _apply(school, ImportKind.STAFF, text)
    messages = [p.message for p in result.problems]
    assert [p.line for p in result.problems] == [2, 3, 4, 5]
    assert "outside this school" in messages[0]
    assert "not an email address" in messages[1]
    assert "headteacher" in messages[2]
    assert "roles is empty" in messages[3]
    assert not User.objects.in_school(school, active=False).exists()


def test_an_import_cannot_move_an_account_to_another_sign_in_address(school) -> None:
    sendco = make_user(school, "sendco", email="lead@import.test", mis_id="S1")
    text = (
        "mis_id,email,first_name,last_name,roles\nS1,someone.else@import.test,Lee,Adams,teacher\n"
    )
    result = _apply(school, ImportKind.STAFF, text)
    assert not result.applied
    assert "cannot change the address" in result.problems[0].message
    sendco.refresh_from_db()
    assert sendco.email == "lead@import.test"


def test_memberships_refer_to_existing_records_and_replace_the_group_list(school) -> None:
    teacher = make_user(school, "teacher", mis_id="T1")
    stays, leaves, joins = (make_pupil(school) for _ in range(3))
    group = make_group(school, teachers=[teacher], pupils=[stays, leaves])
    group.mis_id = "G1"
    group.save()
    text = (
        "group_mis_id,member_type,member_mis_id\n"
        f"G1,pupil,{stays.mis_id}\n"
        f"G1,pupil,{joins.mis_id}\n"
    )
    preview = mis_import_preview(
        school=school, kind=ImportKind.MEMBERSHIPS, data=text.encode(), filename="m.csv"
    )
    assert preview.counts == {"create": 1, "update": 0, "unchanged": 1, "remove": 1}
    assert any(leaves.full_name in c.label for c in preview.changes if c.action == "remove")
    _apply(school, ImportKind.MEMBERSHIPS, text)
    assert set(group.pupils.all()) == {stays, joins}
    # The file gave no teachers for the group, so its teacher stays.
    assert list(group.teachers.all()) == [teacher]

    bad = (
        "group_mis_id,member_type,member_mis_id\n"
        "NOPE,pupil,P1\n"
        f"G1,pupil,UNKNOWN\n"
        f"G1,teacher,{stays.mis_id}\n"
        "G1,parent,T1\n"
    )
    result = _apply(school, ImportKind.MEMBERSHIPS, bad)
    assert [p.line for p in result.problems] == [2, 3, 4, 5]
    assert "not a teaching group" in result.problems[0].message
    assert "not a pupil" in result.problems[1].message
    assert "not a member of staff" in result.problems[2].message
    assert "pupil, teacher or ta" in result.problems[3].message
    assert set(group.pupils.all()) == {stays, joins}


def test_group_codes_are_matched_and_clashes_refused(school) -> None:
    group = make_group(school)
    text = f"mis_id,code,subject,year_group\nG-NEW,{group.code},Drama,R\n"
    result = _apply(school, ImportKind.GROUPS, text)
    group.refresh_from_db()
    assert result.counts["update"] == 1
    assert (group.mis_id, group.subject, group.year_group) == ("G-NEW", "Drama", 0)
    clash = make_group(school)
    result = _apply(
        school, ImportKind.GROUPS, f"mis_id,code,subject,year_group\nG-NEW,{clash.code},Art,8\n"
    )
    assert "belongs to another group" in result.problems[0].message


def test_a_leaving_date_is_read_and_a_blank_one_clears_it(school) -> None:
    from datetime import date

    pupil = make_pupil(school)
    header = PUPIL_HEADER.rstrip("\n") + ",left_on\n"
    row = f"{pupil.mis_id},{pupil.upn},A,B,2013-01-01,8,N,,20/07/2025\n"
    assert _apply(school, ImportKind.PUPILS, header + row).applied
    pupil.refresh_from_db()
    assert pupil.left_on == date(2025, 7, 20)
    bad = _apply(school, ImportKind.PUPILS, header + row.replace("20/07/2025", "soon"))
    assert "left_on" in bad.problems[0].message
    assert _apply(school, ImportKind.PUPILS, header + row.replace("20/07/2025", "")).applied
    pupil.refresh_from_db()
    assert pupil.left_on is None
