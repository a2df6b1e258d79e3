from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schools.models import Role
from tests.factories import make_group, make_observation, make_user, make_visit, make_walk
from walks.models import LearningWalk, Visit
from walks.tests.helpers import at, next_monday


@pytest.fixture
def walk(cast) -> LearningWalk:
    monday = next_monday()
    return make_walk(
        cast.school,
        observers=[cast.sendco, cast.slt],
        starts_on=monday,
        ends_on=monday + timedelta(days=4),
    )


def _post(walk, group, **extra) -> dict:
    data = {
        "group": group.pk,
        "teacher": "",
        "room": "E4",
        "day": walk.starts_on.isoformat(),
        "start_time": "09:00",
        "minutes": 15,
        "observers": [o.pk for o in walk.observers.all()],
        "over_limit_reason": "",
    }
    data.update(extra)
    return data


def _add(client, walk, data):
    return client.post(reverse("walks:visit_add", args=[walk.pk]), data)


def test_sendco_adds_a_visit_with_the_class_teacher_by_default(cast, client, walk) -> None:
    client.force_login(cast.sendco)
    response = _add(client, walk, _post(walk, cast.group, day=walk.days[2].isoformat()))
    assert response.status_code == 302
    visit = Visit.objects.get(walk=walk)
    assert visit.teacher == cast.teacher
    assert visit.minutes == 15 and visit.room == "E4"
    assert timezone.localtime(visit.starts_at) == at(walk.days[2], 9, 0)
    assert set(visit.observers.all()) == {cast.sendco, cast.slt}


def test_add_visit_page_shows_suggestions_and_counts(cast, client, walk) -> None:
    client.force_login(cast.slt)
    response = client.get(reverse("walks:visit_add", args=[walk.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Classes with many learners with SEND" in text
    assert "Teachers not yet visited this school year" in text
    assert f"Choose {cast.group.code}" in text
    assert "0 of 3 observations this school year" in text
    # Choosing a suggestion fills in the class.
    response = client.get(reverse("walks:visit_add", args=[walk.pk]) + f"?group={cast.group.pk}")
    assert response.context["form"].initial["group"] == cast.group.pk


def test_a_fourth_observation_asks_for_a_reason_and_keeps_it(cast, client, walk) -> None:
    for weeks in (1, 2, 3):
        earlier = make_walk(cast.school, starts_on=walk.starts_on - timedelta(weeks=weeks))
        make_visit(earlier, make_group(cast.school, teachers=[cast.teacher]))
    client.force_login(cast.sendco)
    # Choosing the class warns before anything is typed.
    page = client.get(reverse("walks:visit_add", args=[walk.pk]) + f"?group={cast.group.pk}")
    assert "already has 3 observations this school year" in page.content.decode()

    response = _add(client, walk, _post(walk, cast.group))
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    message = (
        f"{cast.teacher.display_name} already has 3 observations this school year, the "
        "school&#x27;s limit of 3. Write why another visit is needed."
    )
    assert text.count(message) == 2  # in the summary and next to the field
    assert 'value="E4"' in text  # what was typed is kept
    assert not Visit.objects.filter(walk=walk).exists()

    reason = "Asked for by the teacher to see the new seating plan in use."
    response = _add(client, walk, _post(walk, cast.group, over_limit_reason=reason))
    assert response.status_code == 302
    visit = Visit.objects.get(walk=walk)
    assert visit.over_limit_reason == reason
    page = client.get(reverse("walks:walk", args=[walk.pk])).content.decode()
    assert reason in page


def test_a_reason_under_the_limit_is_not_kept(cast, client, walk) -> None:
    client.force_login(cast.sendco)
    _add(client, walk, _post(walk, cast.group, over_limit_reason="Not needed"))
    assert Visit.objects.get(walk=walk).over_limit_reason == ""


def test_a_third_observer_is_refused(cast, client, walk) -> None:
    third = make_user(cast.school, Role.SLT)
    walk.observers.add(third)  # e.g. added before the school lowered its limit
    client.force_login(cast.sendco)
    response = _add(client, walk, _post(walk, cast.group))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("At most 2 observers can go into a class at once; you chose 3.") == 2
    assert not Visit.objects.exists()


def test_an_observer_in_two_places_at_once_is_refused(cast, client, walk) -> None:
    other_walk = make_walk(cast.school, observers=[cast.slt], starts_on=walk.starts_on)
    make_visit(other_walk, cast.group2, starts_at=at(walk.starts_on, 9, 10), minutes=15)
    client.force_login(cast.sendco)
    response = _add(client, walk, _post(walk, cast.group, start_time="09:00"))
    text = response.content.decode()
    assert response.status_code == 200
    expected = f"{cast.slt.display_name} is already visiting {cast.group2.code} from 09:10 to 09:25"
    assert text.count(expected) == 2
    assert not Visit.objects.filter(walk=walk).exists()
    # With only the free observer it goes through.
    response = _add(client, walk, _post(walk, cast.group, observers=[cast.sendco.pk]))
    assert response.status_code == 302


def test_the_same_class_twice_in_one_walk_is_refused(cast, client, walk) -> None:
    make_visit(walk, cast.group)
    client.force_login(cast.sendco)
    response = _add(client, walk, _post(walk, cast.group, start_time="11:00"))
    text = response.content.decode()
    assert response.status_code == 200
    assert f"{cast.group.code} is already on this walk" in text
    assert Visit.objects.filter(walk=walk).count() == 1


def test_a_25_minute_visit_is_refused(cast, client, walk) -> None:
    client.force_login(cast.sendco)
    response = _add(client, walk, _post(walk, cast.group, minutes=25))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("A visit can last at most 20 minutes; you entered 25.") == 2
    assert 'value="25"' in text
    assert not Visit.objects.exists()


def test_edit_moves_a_visit_without_clashing_with_itself(cast, client, walk) -> None:
    visit = make_visit(walk, cast.group, starts_at=at(walk.starts_on, 9, 0))
    client.force_login(cast.sendco)
    url = reverse("walks:visit_edit", args=[visit.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["start_time"].strftime("%H:%M") == "09:00"
    response = client.post(url, _post(walk, cast.group, start_time="09:05", minutes=20))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (timezone.localtime(visit.starts_at).minute, visit.minutes) == (5, 20)


def test_remove_a_visit(cast, client, walk) -> None:
    visit = make_visit(walk, cast.group)
    client.force_login(cast.slt)
    response = client.post(reverse("walks:visit_remove", args=[visit.pk]))
    assert response.status_code == 302
    assert not Visit.objects.exists()


def test_a_visit_with_observation_records_is_not_removed(cast, client, walk) -> None:
    visit = make_visit(walk, cast.group)
    make_observation(visit, cast.sendco)
    client.force_login(cast.sendco)
    response = client.post(reverse("walks:visit_remove", args=[visit.pk]), follow=True)
    assert "already has observation records" in response.content.decode()
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_completed_walks_keep_their_visits(cast, client, walk) -> None:
    visit = make_visit(walk, cast.group)
    walk.start()
    walk.complete()
    client.force_login(cast.sendco)
    for url in [
        reverse("walks:visit_add", args=[walk.pk]),
        reverse("walks:visit_edit", args=[visit.pk]),
    ]:
        assert client.get(url).status_code == 302
    client.post(reverse("walks:visit_remove", args=[visit.pk]))
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_visit_pages_need_sign_in_and_a_planner(cast, client, walk) -> None:
    visit = make_visit(walk, cast.group)
    urls = [
        reverse("walks:visit_add", args=[walk.pk]),
        reverse("walks:visit_edit", args=[visit.pk]),
    ]
    for url in urls:
        assert client.get(url).url.startswith(reverse("account_login"))
    for user in [cast.teacher, cast.ta, cast.governor, cast.school_admin, cast.other_sendco]:
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(reverse("walks:visit_remove", args=[visit.pk])).status_code == 404
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_add_visit_page_queries_stay_constant(cast, client, walk, django_assert_max_num_queries):
    from tests.factories import make_pupil

    client.force_login(cast.sendco)
    url = reverse("walks:visit_add", args=[walk.pk])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(20):
        teacher = make_user(cast.school, Role.TEACHER, department="Science")
        group = make_group(cast.school, teachers=[teacher], pupils=[make_pupil(cast.school)])
        make_visit(walk, group, starts_at=at(walk.starts_on, 9, 0) + timedelta(minutes=0))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_summer_time_visits_show_and_clash_in_school_time(cast, client) -> None:
    # In British Summer Time, 09:00 at school is 08:00 UTC.
    from datetime import date

    day = date(2027, 6, 7)
    walk = make_walk(cast.school, observers=[cast.sendco], starts_on=day)
    visit = make_visit(walk, cast.group, starts_at=at(day, 9, 0))
    client.force_login(cast.sendco)
    form = client.get(reverse("walks:visit_edit", args=[visit.pk])).context["form"]
    assert form.initial["start_time"].strftime("%H:%M") == "09:00"
    page = client.get(reverse("walks:walk", args=[walk.pk]))
    assert page.context["timeline"][0].visits == [visit]
    assert "09:00 to 09:15" in page.content.decode()
    response = _add(client, walk, _post(walk, cast.group2, start_time="09:05"))
    assert "from 09:00 to 09:15 on Monday 7 June" in response.content.decode()


def _optgroups(response) -> dict[str, list[str]]:
    """The class list's groups and their classes' codes, as the page shows them."""
    import re

    text = response.content.decode()
    select = text[text.index('<select name="group"') : text.index("</select>")]
    groups: dict[str, list[str]] = {}
    for label, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S):
        groups[label.replace("&#x27;", "'")] = re.findall(r">\s*(\S+) ", body)
    return groups


def test_the_class_list_puts_suggestions_then_the_walks_year_groups_first(cast, client) -> None:
    from tests.factories import make_pupil

    monday = next_monday()
    walk = make_walk(cast.school, observers=[cast.sendco], starts_on=monday, year_groups=[9])
    teacher = make_user(cast.school, Role.TEACHER)
    busy = make_group(
        cast.school,
        teachers=[teacher],
        year_group=9,
        pupils=[make_pupil(cast.school, year_group=9) for _ in range(3)],
    )
    quiet = make_group(cast.school, teachers=[teacher], year_group=9, subject="Art")
    taken = make_group(cast.school, teachers=[cast.teacher2], year_group=9, subject="PE")
    make_visit(walk, taken, starts_at=at(monday, 9, 0))
    client.force_login(cast.sendco)
    response = client.get(reverse("walks:visit_add", args=[walk.pk]))
    groups = _optgroups(response)
    assert list(groups) == [
        "Suggested for this walk",
        "The walk's year groups (Year 9)",
        "Other classes",
    ]
    assert groups["Suggested for this walk"][0] == busy.code
    assert all(code.startswith("9") for code in groups["Suggested for this walk"])
    assert quiet.code in groups["The walk's year groups (Year 9)"]
    assert {cast.group.code, cast.group2.code} <= set(groups["Other classes"])  # year 8
    text = response.content.decode()
    assert f'value="{taken.pk}" data-search="{taken.code.lower()}' in text
    assert text.count(" disabled") == 1  # the class already on the walk
    assert "Find a class by code, subject, year or teacher" in text  # shown by picker.js
    # Still a plain choice: any class of the school can be posted.
    response = _add(client, walk, _post(walk, cast.group, start_time="11:00"))
    assert response.status_code == 302
    response = _add(client, walk, _post(walk, taken, start_time="13:00"))
    assert "is already on this walk" in response.content.decode()


def test_a_walk_for_the_whole_school_lists_suggestions_then_the_others(cast, client, walk):
    art = make_group(cast.school, teachers=[cast.teacher], subject="Art")  # nothing to suggest
    client.force_login(cast.sendco)
    groups = _optgroups(client.get(reverse("walks:visit_add", args=[walk.pk])))
    assert list(groups) == ["Suggested for this walk", "Other classes"]
    assert art.code in groups["Other classes"]
