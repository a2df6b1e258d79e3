from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from audit.models import RecordRead


def _url(pupil) -> str:
    return reverse("pupils:audit", args=[pupil.pk])


def test_sendco_sees_who_read_the_record_newest_first(cast, client) -> None:
    client.force_login(cast.teacher)
    client.get(reverse("pupils:pupil", args=[cast.pupil.pk]))
    client.force_login(cast.slt)
    client.get(reverse("pupils:profile_print", args=[cast.pupil.pk]))
    client.force_login(cast.sendco)
    response = client.get(_url(cast.pupil))
    assert response.status_code == 200
    reads = list(response.context["page"].object_list)
    # The SENDCo's own opening of this page is written once the page is ready.
    assert [(r.actor, r.page) for r in reads] == [
        (cast.slt, "pupils:profile_print"),
        (cast.teacher, "pupils:pupil"),
    ]
    text = response.content.decode()
    assert cast.teacher.display_name in text and "Teacher" in text


def test_audit_shows_only_this_pupil(cast, client) -> None:
    RecordRead.objects.create(
        school=cast.school, kind="pupil", record_id=cast.pupil2.pk, actor=cast.teacher2
    )
    client.force_login(cast.sendco)
    assert not client.get(_url(cast.pupil)).context["page"].object_list


def test_audit_paginates_with_constant_queries(cast, client, django_assert_max_num_queries) -> None:
    now = timezone.now()
    RecordRead.objects.bulk_create(
        RecordRead(
            school=cast.school,
            kind="pupil",
            record_id=cast.pupil.pk,
            actor=[cast.teacher, cast.ta, cast.slt][n % 3],
            page="pupils:pupil",
            read_at=now - timedelta(minutes=n),
        )
        for n in range(120)
    )
    client.force_login(cast.sendco)
    # +1: the unread count in the header; +2: the active membership (middleware)
    # and the readers' memberships in this school, prefetched once.
    with django_assert_max_num_queries(11):
        response = client.get(_url(cast.pupil), {"page": 2})
    page = response.context["page"]
    assert len(page.object_list) == 50
    assert page.object_list[0].read_at == now - timedelta(minutes=50)


def test_audit_needs_sign_in(cast, client) -> None:
    response = client.get(_url(cast.pupil))
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize(
    "who", ["slt", "teacher", "ta", "governor", "school_admin", "other_sendco"]
)
def test_only_this_schools_sendco_reads_the_audit(cast, client, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(_url(cast.pupil)).status_code == 404
