from __future__ import annotations

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import ReadKind, RecordRead
from audit.reads import reading_as
from pupils.access import pupils_for
from pupils.models import Pupil, SenStatus
from tests.factories import make_pupil


def _inserts(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "audit')]


def test_counts_exists_aggregates_and_values_write_nothing(cast) -> None:
    with reading_as(actor=cast.sendco, page="test"):
        pupils = pupils_for(cast.sendco)
        assert pupils.count() == 3
        assert pupils.exists()
        assert pupils.aggregate(n=Count("pk"))["n"] == 3
        assert len(list(pupils.values_list("pk", flat=True))) == 3
        assert Pupil.objects.filter(pk__in=pupils.values("pk")).count() == 3
    assert not RecordRead.objects.exists()


def test_records_returned_are_read_once_per_context(cast) -> None:
    with reading_as(actor=cast.slt, page="a test"):
        list(pupils_for(cast.slt).filter(pk=cast.pupil.pk))
        pupils_for(cast.slt).get(pk=cast.pupil.pk)
        list(cast.group.pupils.all())  # related managers carry the audit too
    reads = RecordRead.objects.order_by("record_id")
    other = cast.group.pupils.exclude(pk=cast.pupil.pk).values_list("pk", flat=True).get()
    assert [(r.actor, r.school, r.kind, r.record_id, r.page) for r in reads] == [
        (cast.slt, cast.school, ReadKind.PUPIL, pk, "a test")
        for pk in sorted([cast.pupil.pk, other])
    ]


def test_nothing_is_written_outside_a_request_or_reading_as(cast) -> None:
    list(Pupil.objects.all())
    assert not RecordRead.objects.exists()


def test_a_read_of_part_of_a_record_names_the_pupil(cast) -> None:
    from tests.factories import make_assessment

    make_assessment(cast.pupil2)
    with reading_as(actor=cast.sendco, page="test"):
        from pupils.access import assessments_for

        list(assessments_for(cast.sendco))
    read = RecordRead.objects.get()
    assert (read.kind, read.record_id, read.part) == (ReadKind.PUPIL, cast.pupil2.pk, "assessment")


def test_register_page_of_50_pupils_writes_50_rows_in_one_insert(cast, client) -> None:
    for n in range(57):
        make_pupil(cast.school, sen_status=SenStatus.SUPPORT, legal_last_name=f"A{n:02}")
    client.force_login(cast.slt)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("pupils:register"))
    assert response.status_code == 200
    shown = {p.pk for p in response.context["page"].object_list}
    assert len(shown) == 50
    assert len(_inserts(queries)) == 1
    reads = RecordRead.objects.filter(page="pupils:register", actor=cast.slt)
    assert set(reads.values_list("record_id", flat=True)) == shown
    assert reads.count() == 50


def test_a_redirect_writes_nothing(cast, client) -> None:
    client.force_login(cast.sendco)
    response = client.post(
        reverse("pupils:pupil_status", args=[cast.pupil.pk]),
        {"sen_status": SenStatus.SUPPORT, "primary_need": "ASD", "changed_on": "2026-01-05"},
    )
    assert response.status_code == 302
    assert not RecordRead.objects.exists()


def test_signed_out_pages_and_refusals_write_nothing(cast, client) -> None:
    client.get(reverse("pupils:pupil", args=[cast.pupil.pk]))
    client.force_login(cast.teacher2)
    assert client.get(reverse("pupils:pupil", args=[cast.pupil.pk])).status_code == 404
    assert not RecordRead.objects.exists()
