from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from audit.models import RecordRead
from pupils.models import (
    NeedType,
    ProfileReview,
    PupilNeed,
    SenStatus,
    SenStatusChange,
)
from tests.factories import make_profile


def _url(pupil, name: str = "pupils:pupil") -> str:
    return reverse(name, args=[pupil.pk])


@pytest.fixture
def record(cast):
    """cast.pupil with a profile, history and a review: every section of the page."""
    pupil = cast.pupil
    make_profile(
        pupil,
        strategies=["Sit near the front, away from the door", "Give a visual timetable"],
        targets=["Ask for help using the help card"],
    )
    SenStatusChange.objects.create(
        pupil=pupil,
        from_status=SenStatus.NONE,
        to_status=SenStatus.SUPPORT,
        changed_on=date(2025, 10, 1),
        note="Referred by the English teacher",
    )
    PupilNeed.objects.create(pupil=pupil, need=NeedType.SLCN, rank=2)
    ProfileReview.objects.create(
        pupil=pupil, held_on=date(2026, 1, 20), review="Settled well after Christmas"
    )
    return pupil


@pytest.mark.parametrize("role", ["sendco", "slt"])
def test_sendco_and_slt_read_the_full_record(cast, client, record, role) -> None:
    client.force_login(getattr(cast, role))
    response = client.get(_url(record))
    text = response.content.decode()
    assert response.status_code == 200
    for expected in [
        record.upn,
        record.mis_id,
        "Autistic spectrum disorder",
        "Communication and interaction",
        "Speech, language and communication needs",
        "Added to the register",
        "Referred by the English teacher",
        "Sit near the front, away from the door",
        "Ask for help using the help card",
        "Settled well after Christmas",
        "I like drawing and football.",
    ]:
        assert expected in text, expected
    assert text.count("<h1") == 1


def test_only_the_sendco_gets_the_edit_links(cast, client, record) -> None:
    edit = 'href="{}"'.format(reverse("pupils:profile_edit", args=[record.pk]))
    client.force_login(cast.slt)
    assert edit not in client.get(_url(record)).content.decode()
    client.force_login(cast.sendco)
    assert edit in client.get(_url(record)).content.decode()


@pytest.mark.parametrize("role", ["teacher", "ta"])
def test_teacher_and_ta_of_the_group_read_only_the_staff_parts(cast, client, record, role):
    client.force_login(getattr(cast, role))
    response = client.get(_url(record))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Sit near the front, away from the door" in text
    assert "Ask for help using the help card" in text
    assert "I like drawing and football." in text
    for hidden in [
        record.upn,
        "Referred by the English teacher",
        "Settled well after Christmas",
        "Speech, language and communication needs",
        "Date of birth",
    ]:
        assert hidden not in text, hidden
    assert response.context["full"] is False


@pytest.mark.parametrize("who", ["teacher2", "governor", "school_admin", "other_sendco"])
def test_anyone_else_gets_404(cast, client, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(_url(cast.pupil)).status_code == 404
    assert not RecordRead.objects.exists()


def test_teacher2_reads_their_own_pupil_but_not_the_other(cast, client) -> None:
    client.force_login(cast.teacher2)
    assert client.get(_url(cast.pupil2)).status_code == 200
    assert client.get(_url(cast.pupil)).status_code == 404


def test_pupil_page_needs_sign_in(cast, client) -> None:
    response = client.get(_url(cast.pupil))
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


def test_every_reading_is_audited(cast, client) -> None:
    client.force_login(cast.teacher)
    client.get(_url(cast.pupil))
    client.get(_url(cast.pupil, "pupils:profile_print"))
    reads = RecordRead.objects.order_by("pk")
    assert [(r.actor, r.kind, r.record_id, r.page) for r in reads] == [
        (cast.teacher, "pupil", cast.pupil.pk, "pupils:pupil"),
        (cast.teacher, "pupil", cast.pupil.pk, "pupils:profile_print"),
    ]
    assert reads[0].school == cast.school
    assert reads[0].path == _url(cast.pupil)


# Status and needs -----------------------------------------------------------------


def _status(cast, client, **data):
    client.force_login(cast.sendco)
    body = {
        "sen_status": SenStatus.SUPPORT,
        "primary_need": NeedType.ASD,
        "second_need": "",
        "third_need": "",
        "changed_on": "2026-03-02",
        "note": "",
    } | data
    return client.post(_url(cast.pupil, "pupils:pupil_status"), body)


def test_status_form_shows_current_values(cast, client) -> None:
    client.force_login(cast.sendco)
    response = client.get(_url(cast.pupil, "pupils:pupil_status"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["sen_status"] == SenStatus.SUPPORT
    assert form.initial["primary_need"] == NeedType.ASD


def test_moving_to_an_ehc_plan_is_kept_in_history(cast, client) -> None:
    response = _status(
        cast, client, sen_status=SenStatus.EHC_PLAN, second_need=NeedType.SLCN, note="Plan issued"
    )
    assert response.status_code == 302
    cast.pupil.refresh_from_db()
    assert cast.pupil.sen_status == SenStatus.EHC_PLAN
    assert list(cast.pupil.needs.values_list("need", "rank")) == [("ASD", 1), ("SLCN", 2)]
    change = SenStatusChange.objects.get(pupil=cast.pupil)
    assert (change.from_status, change.to_status) == (SenStatus.SUPPORT, SenStatus.EHC_PLAN)
    assert change.changed_on == date(2026, 3, 2)
    assert change.recorded_by == cast.sendco
    assert change.description == "Moved to an EHC plan"


def test_changing_needs_only_writes_no_history(cast, client) -> None:
    _status(cast, client, primary_need=NeedType.SPLD, second_need=NeedType.ASD)
    cast.pupil.refresh_from_db()
    assert cast.pupil.primary_need == NeedType.SPLD
    assert not SenStatusChange.objects.exists()


def test_removing_from_the_register_clears_needs(cast, client) -> None:
    _status(cast, client, sen_status=SenStatus.NONE, primary_need="")
    cast.pupil.refresh_from_db()
    assert cast.pupil.sen_status == SenStatus.NONE
    assert cast.pupil.primary_need == ""
    assert not cast.pupil.needs.exists()
    assert SenStatusChange.objects.get().description == "Removed from the register"


def test_status_form_explains_bad_input(cast, client) -> None:
    response = _status(
        cast,
        client,
        primary_need="",
        second_need=NeedType.ASD,
        third_need=NeedType.ASD,
        changed_on="2999-01-01",
        note="keep me",
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "A pupil on the register needs a primary need." in text
    assert "This need is already chosen above." in text
    assert "cannot be in the future" in text
    assert 'value="keep me"' in text
    cast.pupil.refresh_from_db()
    assert cast.pupil.primary_need == NeedType.ASD


@pytest.mark.parametrize("role", ["slt", "teacher", "ta", "governor"])
def test_only_the_sendco_changes_status(cast, client, role) -> None:
    client.force_login(getattr(cast, role))
    response = client.post(
        _url(cast.pupil, "pupils:pupil_status"),
        {"sen_status": SenStatus.NONE, "changed_on": "2026-01-01"},
    )
    assert response.status_code == 404
    cast.pupil.refresh_from_db()
    assert cast.pupil.sen_status == SenStatus.SUPPORT


def test_other_school_sendco_cannot_change_status(cast, client) -> None:
    client.force_login(cast.other_sendco)
    assert client.get(_url(cast.pupil, "pupils:pupil_status")).status_code == 404
