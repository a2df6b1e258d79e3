"""The record of changes page: school admin and SENDCo read it with filters,
its queries stay the same as it grows, other roles get a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import ChangeKind, ChangeRecord

URL = reverse("audit:changes")


def _add(cast, n: int, **extra) -> None:
    ChangeRecord.objects.bulk_create(
        ChangeRecord(
            school=cast.school,
            actor=extra.get("actor", cast.sendco),
            kind=extra.get("kind", ChangeKind.RECORD_CHANGED),
            target=f"Pupil's record {i}",
            details={
                "model": "pupils.pupil",
                "id": i,
                "fields": ["year_group"],
                "values": {"year_group": [8, 9]},
            },
        )
        for i in range(n)
    )


@pytest.mark.parametrize("role", ["teacher", "ta", "slt", "governor"])
def test_other_roles_get_404(client, cast, role) -> None:
    client.force_login(cast.by_role(role))
    assert client.get(URL).status_code == 404


def test_the_filters(client, cast) -> None:
    _add(cast, 3)
    _add(cast, 2, actor=cast.school_admin, kind=ChangeKind.RECORD_DELETED)
    ChangeRecord.objects.create(
        school=cast.other_school, kind=ChangeKind.RECORD_CHANGED, target="Elsewhere"
    )
    client.force_login(cast.school_admin)
    page = client.get(URL).context["page"]
    assert page.paginator.count == 5
    assert client.get(URL, {"kind": "record_deleted"}).context["page"].paginator.count == 2
    assert client.get(URL, {"person": cast.sendco.pk}).context["page"].paginator.count == 3
    assert client.get(URL, {"object": "pupils.pupil", "id": 1}).context["page"].paginator.count == 2
    assert (
        client.get(URL, {"from": "2000-01-01", "to": "2000-01-02"}).context["page"].paginator.count
        == 0
    )
    assert b"Elsewhere" not in client.get(URL).content


def test_constant_queries(client, cast, django_assert_num_queries) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.sendco)
    seen = []
    for size in (3, 60):
        _add(cast, size)
        client.get(URL)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        seen.append(len(captured))
    assert seen[0] == seen[1], seen
