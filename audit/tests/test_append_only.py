"""Both records, of changes and of reading, are written once: never edited
or deleted, one at a time or in bulk. Deleting an account keeps its rows,
with no actor."""

from __future__ import annotations

import pytest

from audit.models import (
    AppendOnlyError,
    AppendOnlyRecord,
    ChangeKind,
    ChangeRecord,
    ReadKind,
    RecordRead,
)
from tests.factories import make_user


def _change(cast, actor) -> ChangeRecord:
    return ChangeRecord.objects.create(
        school=cast.school, actor=actor, kind=ChangeKind.STAFF_EDITED, target="Someone"
    )


def _read(cast, actor) -> RecordRead:
    return RecordRead.objects.create(
        school=cast.school, actor=actor, kind=ReadKind.PUPIL, record_id=cast.pupil.pk
    )


RECORDS = [pytest.param(_change, id="change"), pytest.param(_read, id="read")]


@pytest.mark.parametrize("make", RECORDS)
def test_a_record_is_never_edited_or_deleted(cast, make) -> None:
    record: AppendOnlyRecord = make(cast, cast.sendco)
    model = type(record)
    record.ip = "192.0.2.1"
    with pytest.raises(AppendOnlyError, match="never edited"):
        record.save()
    with pytest.raises(AppendOnlyError, match="never deleted"):
        record.delete()
    with pytest.raises(AppendOnlyError, match="never edited"):
        model.objects.filter(pk=record.pk).update(ip="192.0.2.1")
    with pytest.raises(AppendOnlyError, match="never deleted"):
        model.objects.all().delete()
    assert model.objects.get().ip is None


@pytest.mark.parametrize("make", RECORDS)
def test_deleting_an_account_keeps_its_records_without_an_actor(cast, make) -> None:
    actor = make_user(cast.school)
    record = make(cast, actor)
    actor.delete()
    kept = type(record).objects.get(pk=record.pk)
    assert kept.actor is None


@pytest.mark.parametrize("make", RECORDS)
def test_the_database_refuses_a_raw_update_or_delete(cast, make) -> None:
    """Past the application: a raw SQL session is refused by the trigger."""
    from django.db import DatabaseError, connection, transaction

    record = make(cast, cast.sendco)
    table = type(record)._meta.db_table
    updates = (
        f"UPDATE {table} SET ip = '192.0.2.1' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    )
    for sql in updates:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [record.pk])
    assert type(record).objects.filter(pk=record.pk).exists()
