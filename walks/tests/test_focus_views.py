from __future__ import annotations

from django.urls import reverse

from tests.factories import make_focus_area, make_walk
from walks.models import FocusArea


def test_library_opens_with_the_defaults(cast, client) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse("walks:focus_library"))
    assert response.status_code == 200
    assert len(response.context["active"]) == 7
    assert "Working towards targets" in response.content.decode()


def test_add_edit_and_retire(cast, client) -> None:
    client.force_login(cast.slt)
    response = client.post(
        reverse("walks:focus_add"),
        {
            "title": "Calm starts",
            "prompt": "How do pupils with SEND settle in the first five minutes?",
            "category": FocusArea.Category.ENVIRONMENT,
            "is_priority": "on",
        },
    )
    assert response.status_code == 302
    area = FocusArea.objects.get(title="Calm starts")
    assert area.is_priority and area.school == cast.school

    response = client.post(
        reverse("walks:focus_edit", args=[area.pk]),
        {"title": "Calm starts", "prompt": "What helps pupils settle?", "category": "environment"},
    )
    area.refresh_from_db()
    assert area.prompt == "What helps pupils settle?" and not area.is_priority

    walk = make_walk(cast.school, focus_areas=[area])
    client.post(reverse("walks:focus_retire", args=[area.pk]))
    area.refresh_from_db()
    assert area.is_retired
    assert list(walk.focus_areas.all()) == [area]  # old walks keep it
    page = client.get(reverse("walks:focus_library"))
    assert area in page.context["retired"] and area not in page.context["active"]
    client.post(reverse("walks:focus_retire", args=[area.pk]))
    area.refresh_from_db()
    assert not area.is_retired


def test_a_title_is_used_once_and_bad_input_is_explained(cast, client) -> None:
    make_focus_area(cast.school, "Seating")
    make_focus_area(cast.other_school, "Calm starts")
    client.force_login(cast.sendco)
    response = client.post(
        reverse("walks:focus_add"),
        {"title": "seating", "prompt": "", "category": "environment"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert text.count("The library already has a focus area with this title.") == 2
    assert 'value="seating"' in text
    # Another school's titles do not count.
    response = client.post(
        reverse("walks:focus_add"),
        {"title": "Calm starts", "prompt": "What helps?", "category": "environment"},
    )
    assert response.status_code == 302


def test_library_needs_a_planner_of_the_school(cast, client) -> None:
    area = make_focus_area(cast.school)
    assert client.get(reverse("walks:focus_library")).url.startswith(reverse("account_login"))
    for user in [cast.teacher, cast.ta, cast.governor, cast.school_admin]:
        client.force_login(user)
        assert client.get(reverse("walks:focus_library")).status_code == 404
        assert client.post(reverse("walks:focus_retire", args=[area.pk])).status_code == 404
    client.force_login(cast.other_sendco)
    assert client.get(reverse("walks:focus_edit", args=[area.pk])).status_code == 404
    area.refresh_from_db()
    assert not area.is_retired


def test_library_queries_stay_constant(cast, client, django_assert_max_num_queries) -> None:
    client.force_login(cast.sendco)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("walks:focus_library"))
    for n in range(30):
        make_focus_area(cast.school, is_retired=n % 2 == 0, is_priority=n % 3 == 0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("walks:focus_library"))
    assert len(response.context["active"]) + len(response.context["retired"]) == 37
