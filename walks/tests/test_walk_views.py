from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from schools.models import Role
from tests.factories import make_focus_area, make_group, make_user, make_visit, make_walk
from walks.models import FocusArea, LearningWalk
from walks.tests.helpers import at, next_monday


@pytest.fixture
def walk(cast) -> LearningWalk:
    monday = next_monday()
    walk = make_walk(
        cast.school,
        title="Spring walk week",
        observers=[cast.sendco, cast.governor],
        starts_on=monday,
        ends_on=monday + timedelta(days=4),
    )
    make_visit(walk, cast.group, starts_at=at(monday, 10, 0), observers=[cast.sendco])
    make_visit(walk, cast.group2, starts_at=at(monday, 9, 0), observers=[cast.governor])
    return walk


# The walk page ---------------------------------------------------------------------------


def test_planner_sees_the_day_timeline_in_time_order(cast, client, walk) -> None:
    client.force_login(cast.slt)
    response = client.get(reverse("walks:walk", args=[walk.pk]))
    assert response.status_code == 200
    monday = response.context["timeline"][0]
    assert [v.group for v in monday.visits] == [cast.group2, cast.group]
    assert {o: [v.group for v in rounds] for o, rounds in monday.by_observer} == {
        cast.sendco: [cast.group],
        cast.governor: [cast.group2],
    }
    assert len(response.context["timeline"]) == 5  # every day of the walk week
    text = response.content.decode()
    assert text.index(cast.group2.code) < text.index(cast.group.code)
    assert cast.teacher.display_name in text and cast.teacher2.display_name in text
    assert "09:00 to 09:15" in text
    assert "{# observation-links #}" not in text  # a template comment, not shown


def test_an_observer_sees_only_the_visits_they_are_on(cast, client, walk) -> None:
    client.force_login(cast.governor)
    response = client.get(reverse("walks:walk", args=[walk.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert cast.group2.code in text and cast.teacher2.display_name in text
    assert cast.group.code not in text and cast.teacher.display_name not in text
    assert "Add a visit" not in text and "Announce" not in text


def test_walk_page_needs_sign_in_and_is_hidden_from_others(cast, client, walk) -> None:
    url = reverse("walks:walk", args=[walk.pk])
    assert client.get(url).url.startswith(reverse("account_login"))
    # The teacher's class is visited, yet the teacher does not open the walk page.
    for user in [cast.teacher, cast.teacher2, cast.ta, cast.school_admin, cast.other_sendco]:
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_walk_page_queries_stay_constant(cast, client, walk, django_assert_max_num_queries):
    client.force_login(cast.sendco)
    url = reverse("walks:walk", args=[walk.pk])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for n in range(30):
        teacher = make_user(cast.school, Role.TEACHER)
        make_visit(
            walk,
            make_group(cast.school, teachers=[teacher]),
            starts_at=at(walk.days[n % 5], 9, 0) + timedelta(minutes=20 * (n // 5)),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["visits"]) == 32


# Planning and editing -------------------------------------------------------------------


def _walk_data(cast, **extra) -> dict:
    areas = list(FocusArea.objects.filter(school=cast.school, is_retired=False)[:2])
    data = {
        "title": "Summer walk week",
        "purpose": LearningWalk.Purpose.GOOD_PRACTICE,
        "starts_on": "2027-05-10",
        "ends_on": "2027-05-14",
        "focus_areas": [a.pk for a in areas],
        "observers": [cast.sendco.pk, cast.slt.pk],
        "external_observers": "",
    }
    data.update(extra)
    return data


def test_planning_a_walk_starts_from_the_default_library(cast, client) -> None:
    client.force_login(cast.sendco)
    page = client.get(reverse("walks:walk_add"))
    assert page.status_code == 200
    assert "Seating and grouping" in page.content.decode()
    response = client.post(reverse("walks:walk_add"), _walk_data(cast))
    walk = LearningWalk.objects.get(title="Summer walk week")
    assert response.url == reverse("walks:walk", args=[walk.pk])
    assert walk.state == LearningWalk.State.PLANNED and walk.created_by == cast.sendco
    assert walk.days[0].isoformat() == "2027-05-10" and len(walk.days) == 5
    assert set(walk.observers.all()) == {cast.sendco, cast.slt}
    assert walk.focus_areas.count() == 2


def test_a_one_day_walk_leaves_the_last_day_empty(cast, client) -> None:
    client.force_login(cast.sendco)
    client.get(reverse("walks:walk_add"))
    client.post(reverse("walks:walk_add"), _walk_data(cast, ends_on=""))
    walk = LearningWalk.objects.get()
    assert walk.starts_on == walk.ends_on and not walk.is_walk_week


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"observers": "third"}, "observers", "at most 2 observers on a walk; you chose 3."),
        ({"external_observers": "Dr Ames (EP)"}, "observers", "you chose 3."),
        ({"focus_areas": "four"}, "focus_areas", "Choose at most 3 focus areas; you chose 4."),
        ({"focus_areas": []}, "focus_areas", "Choose at least one focus area."),
        ({"ends_on": "2027-05-07"}, "ends_on", "The last day cannot be before the first day."),
        ({"ends_on": "2027-05-24"}, "ends_on", "A walk lasts one day or one week at most."),
    ],
)
def test_planning_refuses_with_a_message(cast, client, change, field, message) -> None:
    client.force_login(cast.sendco)
    client.get(reverse("walks:walk_add"))
    data = _walk_data(cast)
    if change.get("observers") == "third":
        change = {"observers": [cast.sendco.pk, cast.slt.pk, cast.governor.pk]}
    if change.get("focus_areas") == "four":
        change = {"focus_areas": list(FocusArea.objects.values_list("pk", flat=True)[:4])}
    data.update(change)
    response = client.post(reverse("walks:walk_add"), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    text = response.content.decode()
    assert "There is a problem" in text and text.count(message) == 2
    assert 'value="Summer walk week"' in text
    assert not LearningWalk.objects.exists()


def test_retired_focus_areas_cannot_be_chosen_for_new_walks(cast, client) -> None:
    retired = make_focus_area(cast.school, "Old focus", is_retired=True)
    client.force_login(cast.sendco)
    response = client.post(reverse("walks:walk_add"), _walk_data(cast, focus_areas=[retired.pk]))
    assert response.status_code == 200
    assert "focus_areas" in response.context["form"].errors


def test_editing_keeps_a_retired_focus_and_drops_a_leaving_observer(cast, client, walk) -> None:
    focus = walk.focus_areas.get()
    focus.is_retired = True
    focus.save()
    client.force_login(cast.sendco)
    url = reverse("walks:walk_edit", args=[walk.pk])
    assert focus.title in client.get(url).content.decode()
    data = _walk_data(
        cast,
        title="Spring walk week (moved)",
        starts_on=walk.starts_on.isoformat(),
        ends_on=walk.ends_on.isoformat(),
        focus_areas=[focus.pk],
        observers=[cast.sendco.pk],
        version=walk.version,
    )
    response = client.post(url, data)
    assert response.status_code == 302
    walk.refresh_from_db()
    assert walk.title == "Spring walk week (moved)" and walk.version == 2
    assert list(walk.focus_areas.all()) == [focus]
    visit = walk.visits.get(group=cast.group2)
    assert list(visit.observers.all()) == []  # the governor left the walk


def test_a_stale_walk_edit_shows_both_versions_and_overwrites_nothing(cast, client, walk) -> None:
    client.force_login(cast.sendco)
    url = reverse("walks:walk_edit", args=[walk.pk])
    opened_at = walk.version
    dates = {"starts_on": walk.starts_on.isoformat(), "ends_on": walk.ends_on.isoformat()}
    first = _walk_data(cast, title="Moved by the SLT", version=opened_at, **dates)
    assert client.post(url, first).status_code == 302
    stale = _walk_data(cast, title="Renamed by the SENDCo", version=opened_at, **dates)
    response = client.post(url, stale)
    page = response.content.decode()
    assert response.status_code == 409
    assert "This walk was saved somewhere else since you opened it" in page
    assert "Moved by the SLT" in page and 'value="Renamed by the SENDCo"' in page
    assert f'name="version" value="{opened_at + 1}"' in page
    walk.refresh_from_db()
    assert walk.title == "Moved by the SLT" and walk.version == opened_at + 1
    # Saving again from the version shown is a deliberate replacement.
    assert client.post(url, {**stale, "version": opened_at + 1}).status_code == 302
    walk.refresh_from_db()
    assert walk.title == "Renamed by the SENDCo" and walk.version == opened_at + 2


def test_walk_forms_need_a_planner(cast, client, walk) -> None:
    for user in [cast.teacher, cast.governor, cast.ta, cast.school_admin]:
        client.force_login(user)
        assert client.get(reverse("walks:walk_add")).status_code == 404
        assert client.get(reverse("walks:walk_edit", args=[walk.pk])).status_code == 404
    client.force_login(cast.other_sendco)
    assert client.get(reverse("walks:walk_edit", args=[walk.pk])).status_code == 404


# Announcing and states ------------------------------------------------------------------------


def test_announcing_tells_all_staff_and_shows_on_upcoming(
    cast, client, walk, django_capture_on_commit_callbacks
) -> None:
    client.force_login(cast.sendco)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("walks:walk_announce", args=[walk.pk]), follow=True)
    assert "was announced" in response.content.decode()
    walk.refresh_from_db()
    assert walk.state == LearningWalk.State.ANNOUNCED
    assert cast.teacher.email in {m.to[0] for m in mail.outbox}
    assert "Spring walk week" in mail.outbox[0].subject
    client.force_login(cast.teacher)
    assert "Spring walk week" in client.get(reverse("walks:upcoming")).content.decode()
    # Announcing again says why it cannot.
    client.force_login(cast.sendco)
    response = client.post(reverse("walks:walk_announce", args=[walk.pk]), follow=True)
    assert "cannot become announced" in response.content.decode()


def test_start_and_complete(cast, client, walk) -> None:
    client.force_login(cast.slt)
    url = reverse("walks:walk_state", args=[walk.pk])
    client.post(url, {"to": "in_progress"})
    walk.refresh_from_db()
    assert walk.state == LearningWalk.State.IN_PROGRESS
    client.post(url, {"to": "completed"})
    walk.refresh_from_db()
    assert walk.state == LearningWalk.State.COMPLETED
    response = client.post(url, {"to": "in_progress"}, follow=True)
    assert "cannot become in progress" in response.content.decode()
    response = client.post(url, {"to": "planned"}, follow=True)
    assert "Choose whether to start or complete" in response.content.decode()


# Dashboard ------------------------------------------------------------------------------------


def test_dashboard_warns_about_a_walk_under_a_week_away(cast, client) -> None:
    today = timezone.localdate()
    soon = make_walk(cast.school, title="Drop-in soon", starts_on=today + timedelta(days=3))
    make_walk(cast.school, title="Far away", starts_on=today + timedelta(days=20))
    make_walk(
        cast.school,
        title="Soon but told",
        starts_on=today + timedelta(days=2),
        state=LearningWalk.State.ANNOUNCED,
    )
    make_walk(cast.other_school, title="Other school walk", starts_on=today + timedelta(days=1))
    client.force_login(cast.sendco)
    text = client.get(reverse("shell:dashboard")).content.decode()
    assert "Walks to announce" in text
    assert reverse("walks:walk", args=[soon.pk]) in text
    for title in ["Far away", "Soon but told", "Other school walk"]:
        assert title not in text
    soon.announce()
    assert "Walks to announce" not in client.get(reverse("shell:dashboard")).content.decode()


def test_a_walk_keeps_its_year_groups_and_shows_them(cast, client) -> None:
    make_group(cast.school, year_group=9)
    client.force_login(cast.sendco)
    page = client.get(reverse("walks:walk_add")).content.decode()
    assert 'name="year_groups" value="8"' in page and 'name="year_groups" value="9"' in page
    client.post(reverse("walks:walk_add"), _walk_data(cast, year_groups=["9", "8"]))
    walk = LearningWalk.objects.get()
    assert walk.year_groups == [8, 9]
    assert walk.year_groups_label == "Years 8 and 9"
    assert "Years 8 and 9" in client.get(reverse("walks:walk", args=[walk.pk])).content.decode()
    response = client.post(reverse("walks:walk_add"), _walk_data(cast, year_groups=["12"]))
    assert "year_groups" in response.context["form"].errors


def test_the_observers_come_in_sections_with_what_the_filter_matches(cast, client) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse("walks:walk_add"))
    sections = response.context["form"].observer_sections()
    assert [s.title for s in sections] == [
        "SENDCo and senior leaders",
        "Governors",
        "Other staff",
    ]
    first = {o.label for o in sections[0].options}
    assert f"{cast.sendco.display_name} (SENDCo)" in first
    assert any(o.label.startswith(cast.slt.display_name) for o in sections[0].options)
    teacher = next(o for o in sections[2].options if o.name == cast.teacher.display_name)
    assert teacher.search == f"{cast.teacher.display_name} teacher english".casefold()
    text = response.content.decode()
    assert "Find people by name, role or department" in text
    assert 'id="id_observers_0"' in text  # the error summary links to the first tick box
