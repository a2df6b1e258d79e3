from __future__ import annotations

import pytest
from django.urls import reverse

from schools.models import BackgroundJob


def test_school_settings_saves_limits(cast, client) -> None:
    client.force_login(cast.school_admin)
    response = client.post(
        reverse("schools:settings"),
        {
            "name": "Hillside Academy",
            "urn": "100001",
            "max_observers": 3,
            "yearly_observation_limit": 4,
        },
    )
    assert response.status_code == 302
    cast.school.refresh_from_db()
    assert (cast.school.max_observers, cast.school.yearly_observation_limit) == (3, 4)


def test_school_settings_explains_bad_input_and_keeps_it(cast, client) -> None:
    client.force_login(cast.school_admin)
    response = client.post(
        reverse("schools:settings"),
        {"name": "Renamed Academy", "urn": "", "max_observers": 9, "yearly_observation_limit": 3},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Choose between 1 and 6 observers." in text
    assert 'value="Renamed Academy"' in text
    cast.school.refresh_from_db()
    assert cast.school.name == "Hillside Academy"


def test_staff_list_paginates_with_constant_queries(cast, client, django_assert_max_num_queries):
    from tests.factories import make_user

    for _ in range(60):
        make_user(cast.school, "teacher")
    client.force_login(cast.school_admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("schools:settings") + "?page=2")
    assert response.status_code == 200
    assert len(response.context["staff"].object_list) == 25


def test_worker_check_runs_in_process_without_a_worker(
    cast, client, django_capture_on_commit_callbacks
) -> None:
    client.force_login(cast.school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schools:worker_check"))
    response = client.get(reverse("schools:job", kwargs={"pk": BackgroundJob.objects.get().pk}))
    job = BackgroundJob.objects.get(school=cast.school)
    assert job.status == BackgroundJob.Status.DONE
    assert b"Done" in response.content


@pytest.mark.parametrize("path", ["/dashboard/", "/school/settings/", "/pupils/register/"])
def test_pages_need_sign_in(client, db, path) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
