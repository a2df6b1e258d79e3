from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from pupils.models import SenStatus
from tests.factories import make_group, make_pupil, make_user

LIST = reverse("pupils:groups")


def _detail(group) -> str:
    return reverse("pupils:group", args=[group.pk])


@pytest.mark.parametrize("role", ["sendco", "slt"])
def test_group_list_shows_staff_and_counts(cast, client, role) -> None:
    client.force_login(getattr(cast, role))
    response = client.get(LIST)
    assert response.status_code == 200
    rows = {g.code: g for g in response.context["page"].object_list}
    group = rows[cast.group.code]
    assert (group.pupil_count, group.send_count) == (2, 1)
    text = response.content.decode()
    assert cast.teacher.display_name in text and cast.ta.display_name in text
    assert cast.group2.code in text


def test_group_list_filters_by_year_and_search(cast, client) -> None:
    make_group(cast.school, year_group=10, subject="Geography")
    client.force_login(cast.sendco)
    assert [g.subject for g in client.get(LIST, {"year": "10"}).context["page"]] == ["Geography"]
    found = client.get(LIST, {"q": cast.teacher2.last_name}).context["page"].object_list
    assert [g.pk for g in found] == [cast.group2.pk]


def test_group_list_query_count_is_constant(
    cast, client, django_assert_max_num_queries, django_assert_num_queries
) -> None:
    client.force_login(cast.slt)
    with django_assert_max_num_queries(12) as small:
        client.get(LIST)
    for _ in range(45):
        make_group(
            cast.school,
            teachers=[make_user(cast.school, "teacher")],
            tas=[make_user(cast.school, "ta")],
            pupils=[make_pupil(cast.school), make_pupil(cast.school, sen_status=SenStatus.NONE)],
        )
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 40


def test_group_list_needs_sign_in(client, db) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("role", ["teacher", "ta", "governor", "school_admin"])
def test_group_list_is_404_for_others(cast, client, role) -> None:
    client.force_login(getattr(cast, role))
    assert client.get(LIST).status_code == 404


@pytest.mark.parametrize("role", ["sendco", "slt", "teacher", "ta"])
def test_group_detail_lists_pupils(cast, client, role) -> None:
    client.force_login(getattr(cast, role))
    response = client.get(_detail(cast.group))
    text = response.content.decode()
    assert response.status_code == 200
    assert [p.pk for p in response.context["send_pupils"]] == [cast.pupil.pk]
    assert reverse("pupils:pupil", args=[cast.pupil.pk]) in text
    assert response.context["pupil_count"] == 2


@pytest.mark.parametrize("who", ["teacher2", "governor", "school_admin", "other_sendco"])
def test_group_detail_is_404_for_anyone_else(cast, client, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(_detail(cast.group)).status_code == 404
