"""Every create, change and delete of an audited model is in the record of
changes: who, from where, which fields, values only of fields that are not
text, never the text of an observation or feedback."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from audit.changes import AUDITED, changes_by
from audit.models import ChangeKind, ChangeRecord
from feedback.models import Observation
from pupils.models import Pupil, SenStatus
from sendit.lib.versions import VersionConflict, update_if_current
from tests.factories import (
    make_arrangement,
    make_assessment,
    make_ehc_plan,
    make_intervention,
    make_observation,
    make_pupil,
    make_visit,
    make_walk,
)


@pytest.fixture
def as_sendco(cast):
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.23")
    with changes_by(cast.sendco, request):
        yield cast


def _records(model: str, pk: int) -> list[ChangeRecord]:
    return list(
        ChangeRecord.objects.filter(details__model=model, details__id=pk).order_by(
            "created_at", "id"
        )
    )


def test_a_pupil_created_changed_and_deleted(as_sendco) -> None:
    cast = as_sendco
    pupil = make_pupil(cast.school, legal_first_name="Secretname")
    pupil.year_group = 9
    pupil.legal_last_name = "Othersecret"
    pupil.sen_status = SenStatus.EHC_PLAN
    pupil.save()
    pk = pupil.pk
    Pupil.objects.get(pk=pk).delete()
    kinds = [r.kind for r in _records("pupils.pupil", pk)]
    assert kinds == [
        ChangeKind.RECORD_CREATED,
        ChangeKind.RECORD_CHANGED,
        ChangeKind.RECORD_DELETED,
    ]
    changed = _records("pupils.pupil", pk)[1]
    assert changed.actor == cast.sendco
    assert changed.ip == "198.51.100.23"
    assert changed.school == cast.school
    assert set(changed.details["fields"]) == {"year_group", "legal_last_name", "sen_status"}
    assert changed.details["values"] == {"year_group": [8, 9]}
    text = str([r.details for r in ChangeRecord.objects.all()]) + str(
        list(ChangeRecord.objects.values_list("target", flat=True))
    )
    assert "Secret" not in text and "Othersecret" not in text
    assert all("sen_status" not in r.details.get("values", {}) for r in ChangeRecord.objects.all())


def test_provision_each_kind_is_recorded(as_sendco) -> None:
    cast = as_sendco
    made = [
        make_intervention(cast.school, pupils=[cast.pupil]),
        make_assessment(cast.pupil),
        make_arrangement(cast.pupil),
        make_ehc_plan(cast.pupil),
    ]
    for row in made:
        records = _records(row._meta.label_lower, row.pk)
        assert [r.kind for r in records] == [ChangeKind.RECORD_CREATED], row._meta.label


def test_an_observation_and_its_text_never_copied(as_sendco) -> None:
    cast = as_sendco
    walk = make_walk(cast.school, observers=[cast.sendco])
    visit = make_visit(walk, cast.group, teacher=cast.teacher)
    observation = make_observation(visit, cast.sendco, notes="Private words about a lesson")
    observation.notes = "Even more private words"
    observation.save()
    records = _records("feedback.observation", observation.pk)
    assert [r.kind for r in records] == [ChangeKind.RECORD_CREATED, ChangeKind.RECORD_CHANGED]
    assert records[1].details["fields"] == ["notes"]
    assert "private" not in str([r.details for r in records]).lower()


def test_roles_changed_are_recorded_with_old_and_new(as_sendco) -> None:
    cast = as_sendco
    membership = cast.teacher.memberships.get(school=cast.school)
    membership.is_slt = True
    membership.save()
    record = _records("schools.membership", membership.pk)[-1]
    assert record.details["values"] == {"is_slt": [False, True]}


def test_nothing_is_recorded_outside_a_request_or_changes_by(cast) -> None:
    before = ChangeRecord.objects.count()
    make_pupil(cast.school)
    assert ChangeRecord.objects.count() == before


def test_every_audited_model_exists() -> None:
    from django.apps import apps

    for label in AUDITED:
        assert apps.get_model(label)


def test_a_page_records_its_signed_in_person(client, cast) -> None:
    """Through the middleware: the request's user and address, no context by hand."""
    from django.urls import reverse
    from django.utils import timezone

    from pupils.models import AccessArrangement

    client.force_login(cast.sendco)
    today = timezone.localdate()
    client.post(
        reverse("pupils:arrangement_create", args=[cast.pupil.pk]),
        {
            "kind": AccessArrangement.Kind.EXTRA_TIME,
            "extra_time": "25",
            "extra_time_other": "",
            "details": "",
            "assessed_on": today.isoformat(),
            "assessor": "Ms K. Adeyemi",
            "form_completed": "on",
            "valid_until": today.replace(year=today.year + 2).isoformat(),
        },
        REMOTE_ADDR="192.0.2.44",
    )
    arrangement = AccessArrangement.objects.get(pupil=cast.pupil)
    (record,) = _records("pupils.accessarrangement", arrangement.pk)
    assert record.actor == cast.sendco and record.ip == "192.0.2.44"
    assert "assessor" in record.details["fields"]
    assert "Adeyemi" not in str(record.details)


def test_a_save_through_the_version_check_is_recorded(as_sendco) -> None:
    """update_if_current is one UPDATE (no post_save): it is recorded all the same,
    and a save refused by the check records nothing."""
    cast = as_sendco
    walk = make_walk(cast.school, observers=[cast.sendco])
    visit = make_visit(walk, cast.group, teacher=cast.teacher)
    observation = make_observation(visit, cast.sendco, notes="First private words")
    before = len(_records("feedback.observation", observation.pk))
    update_if_current(
        Observation.objects.all(),
        pk=observation.pk,
        base_version=observation.version,
        values={"notes": "Second private words", "status": Observation.Status.COMPLETED},
    )
    records = _records("feedback.observation", observation.pk)
    assert len(records) == before + 1
    last = records[-1]
    assert last.kind == ChangeKind.RECORD_CHANGED and last.actor == cast.sendco
    assert sorted(last.details["fields"]) == ["notes", "status"]
    assert last.details["values"] == {"status": ["draft", "completed"]}
    assert "private" not in str(last.details).lower()
    with pytest.raises(VersionConflict):
        update_if_current(
            Observation.objects.all(),
            pk=observation.pk,
            base_version=observation.version,  # now out of date
            values={"notes": "Third words"},
        )
    assert len(_records("feedback.observation", observation.pk)) == before + 1
