from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schools.models import Role
from sendit.lib.dates import school_year_start
from tests.factories import make_focus_area, make_group, make_user, make_visit, make_walk
from walks.models import LearningWalk
from walks.tests.helpers import at

TODAY = date(2026, 11, 23)


@pytest.fixture
def frozen(monkeypatch) -> date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    monkeypatch.setattr(timezone, "now", lambda: at(TODAY, 12, 0))
    return TODAY


def _year_of_walks(cast, n_walks: int, visits_each: int) -> None:
    days = [date(2026, 10, 5), date(2027, 2, 1), date(2027, 6, 7)]
    for n in range(n_walks):
        walk = make_walk(
            cast.school,
            title=f"Walk {n}",
            starts_on=days[n % 3] + timedelta(days=n),
            observers=[cast.sendco, cast.slt],
            focus_areas=[make_focus_area(cast.school), make_focus_area(cast.school)],
            state=LearningWalk.State.COMPLETED if n % 3 == 0 else LearningWalk.State.PLANNED,
        )
        for v in range(visits_each):
            teacher = make_user(cast.school, Role.TEACHER, department=f"Dept {v % 3}")
            make_visit(
                walk,
                make_group(cast.school, teachers=[teacher], year_group=7 + v % 5),
                starts_at=at(walk.starts_on, 9, 0) + timedelta(minutes=20 * v),
            )


def test_programme_lists_the_year_by_term_with_coverage(cast, client, frozen) -> None:
    autumn = make_walk(
        cast.school,
        title="Autumn walk week",
        starts_on=date(2026, 11, 9),
        ends_on=date(2026, 11, 13),
        state=LearningWalk.State.COMPLETED,
        observers=[cast.sendco],
    )
    make_visit(autumn, cast.group)
    make_walk(cast.school, title="Spring walk week", starts_on=date(2027, 3, 1))
    make_walk(cast.school, title="Last year's walk", starts_on=date(2026, 6, 1))
    make_walk(cast.other_school, title="Another school's walk", starts_on=date(2026, 11, 2))
    client.force_login(cast.slt)
    response = client.get(reverse("walks:programme"))
    assert response.status_code == 200
    terms = {term.name: [w.title for w in walks] for term, walks in response.context["terms"]}
    assert terms == {"Autumn": ["Autumn walk week"], "Spring": ["Spring walk week"], "Summer": []}
    text = response.content.decode()
    assert "Another school" not in text and "Last year" not in text
    coverage = response.context["coverage"]
    assert (coverage.teachers.visited, coverage.teachers.total) == (1, 2)
    assert "50%" in text and "of teachers visited (1 of 2)" in text
    # Another year is one link away.
    response = client.get(reverse("walks:programme") + "?year=2025")
    assert [w.title for _, walks in response.context["terms"] for w in walks] == [
        "Last year's walk"
    ]
    assert client.get(reverse("walks:programme") + "?year=abc").status_code == 200


def test_governor_sees_the_programme_without_names(cast, client, frozen) -> None:
    walk = make_walk(
        cast.school, title="Autumn walk week", starts_on=date(2026, 11, 9), observers=[cast.sendco]
    )
    make_visit(walk, cast.group)
    joined = make_walk(
        cast.school, title="Governor joins", starts_on=date(2026, 12, 1), observers=[cast.governor]
    )
    client.force_login(cast.governor)
    response = client.get(reverse("walks:programme"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Autumn walk week" in text
    for name in [cast.group.code, cast.teacher.display_name, cast.sendco.display_name]:
        assert name not in text
    # Only the walk they observe opens.
    assert reverse("walks:walk", args=[joined.pk]) in text
    assert reverse("walks:walk", args=[walk.pk]) not in text
    assert "Plan a walk" not in text


def test_programme_needs_a_planner_or_governor(cast, client) -> None:
    url = reverse("walks:programme")
    assert client.get(url).url.startswith(reverse("account_login"))
    for user in [cast.teacher, cast.ta, cast.school_admin]:
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_programme_queries_stay_constant(cast, client, frozen, django_assert_max_num_queries):
    client.force_login(cast.sendco)
    _year_of_walks(cast, n_walks=2, visits_each=2)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("walks:programme"))
    _year_of_walks(cast, n_walks=12, visits_each=6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("walks:programme"))
    assert response.context["walk_count"] == 14


# Upcoming walks ----------------------------------------------------------------------------


def test_upcoming_shows_announced_walks_to_everyone_without_classes(cast, client, frozen) -> None:
    focus = make_focus_area(cast.school, "Seating", prompt="Who sits where, and why?")
    told = make_walk(
        cast.school,
        title="Told walk",
        focus_areas=[focus],
        starts_on=TODAY + timedelta(days=10),
        state=LearningWalk.State.ANNOUNCED,
        purpose=LearningWalk.Purpose.TRAINING,
    )
    make_visit(told, cast.group)
    make_walk(cast.school, title="Secret plan", starts_on=TODAY + timedelta(days=12))
    make_walk(
        cast.school,
        title="Old walk",
        starts_on=TODAY - timedelta(days=20),
        state=LearningWalk.State.COMPLETED,
    )
    for user in [cast.teacher2, cast.ta, cast.governor, cast.school_admin, cast.slt]:
        client.force_login(user)
        response = client.get(reverse("walks:upcoming"))
        text = response.content.decode()
        assert response.status_code == 200
        assert "Told walk" in text and "Training" in text
        assert "Who sits where, and why?" in text
        assert "Secret plan" not in text and "Old walk" not in text
        assert cast.group.code not in text and cast.teacher.display_name not in text


def test_teacher_sees_only_their_own_visits(cast, client, frozen) -> None:
    told = make_walk(
        cast.school, starts_on=TODAY + timedelta(days=10), state=LearningWalk.State.ANNOUNCED
    )
    make_visit(told, cast.group, starts_at=at(told.starts_on, 10, 30))
    make_visit(told, cast.group2, starts_at=at(told.starts_on, 11, 30))
    quiet = make_walk(cast.school, starts_on=TODAY + timedelta(days=11))
    make_visit(quiet, make_group(cast.school, teachers=[cast.teacher]))  # not announced yet

    client.force_login(cast.teacher)
    response = client.get(reverse("walks:upcoming"))
    text = response.content.decode()
    assert [v.group for v in response.context["my_visits"]] == [cast.group]
    assert "Visits to your classes" in text and "10:30" in text
    assert cast.group2.code not in text

    client.force_login(cast.teacher2)
    text = client.get(reverse("walks:upcoming")).content.decode()
    assert cast.group2.code in text and cast.group.code not in text


def test_planners_are_reminded_of_walks_not_yet_announced(cast, client, frozen) -> None:
    make_walk(cast.school, starts_on=TODAY + timedelta(days=12))
    client.force_login(cast.sendco)
    assert (
        "1 planned walk is not announced yet"
        in client.get(reverse("walks:upcoming")).content.decode()
    )


def test_upcoming_needs_sign_in_and_queries_stay_constant(
    cast, client, frozen, django_assert_max_num_queries
) -> None:
    assert client.get(reverse("walks:upcoming")).url.startswith(reverse("account_login"))
    client.force_login(cast.teacher)

    def announced(n: int) -> None:
        for _ in range(n):
            walk = make_walk(
                cast.school,
                starts_on=TODAY + timedelta(days=5),
                state=LearningWalk.State.ANNOUNCED,
                focus_areas=[make_focus_area(cast.school), make_focus_area(cast.school)],
            )
            make_visit(walk, make_group(cast.school, teachers=[cast.teacher]))

    announced(1)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("walks:upcoming"))
    announced(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("walks:upcoming"))
    assert len(response.context["my_visits"]) == 11
    assert school_year_start(TODAY) == 2026


def test_governors_see_small_coverage_counts_as_fewer_than_five(cast, client, frozen) -> None:
    done = make_walk(cast.school, starts_on=date(2026, 11, 9), state=LearningWalk.State.COMPLETED)
    make_visit(done, cast.group)
    client.force_login(cast.governor)
    text = client.get(reverse("walks:programme")).content.decode()
    assert "Fewer than 5" in text and "teachers visited (1 of 2)" not in text
    assert "Teachers visited, by department" not in text
    client.force_login(cast.sendco)
    text = client.get(reverse("walks:programme")).content.decode()
    assert "of teachers visited (1 of 2)" in text and "Teachers visited, by department" in text
