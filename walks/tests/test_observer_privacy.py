"""What a governor (or another observer who is not a planner) can learn from the walks pages.

DESIGN.md, access rules: a governor who observes a walk sees the classes and
teachers of their own visits only, and nothing of the others; on walks they
do not observe, no names at all. Each test renders the pages with the whole
cast's names in the data and looks for them in what the governor gets.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from schools.models import Role
from tests.factories import make_group, make_user, make_visit, make_walk
from walks.announcements import walk_announcement_send
from walks.models import LearningWalk
from walks.tests.helpers import at

TODAY = date(2026, 11, 23)  # a Monday


@pytest.fixture
def frozen():
    import time_machine

    with time_machine.travel(at(TODAY, 12, 0), tick=False):
        yield TODAY


@pytest.fixture
def walks(cast, frozen):
    """A walk the governor observes (one visit of three) and one they do not."""
    visitor = make_user(
        cast.school, Role.TEACHER, first_name="Quentin", last_name="Unseen", department="Art"
    )
    art = make_group(cast.school, teachers=[visitor], subject="Art", year_group=9)
    joined = make_walk(
        cast.school,
        title="Walk the governor joins",
        starts_on=TODAY,
        ends_on=TODAY + timedelta(days=4),
        observers=[cast.sendco, cast.slt, cast.governor],
        external_observers="Dr Petra Visiting (educational psychologist)",
        state=LearningWalk.State.IN_PROGRESS,
    )
    own = make_visit(joined, cast.group2, starts_at=at(TODAY, 9), observers=[cast.governor])
    make_visit(joined, cast.group, starts_at=at(TODAY, 10), observers=[cast.sendco])
    make_visit(joined, art, starts_at=at(TODAY, 11), observers=[cast.slt])
    other = make_walk(
        cast.school,
        title="Walk without the governor",
        starts_on=TODAY - timedelta(days=7),
        observers=[cast.sendco, cast.slt],
        state=LearningWalk.State.COMPLETED,
    )
    make_visit(other, art, starts_at=at(TODAY - timedelta(days=7), 9), observers=[cast.slt])
    make_visit(
        other, cast.group, starts_at=at(TODAY - timedelta(days=7), 10), observers=[cast.sendco]
    )
    return {"joined": joined, "own": own, "other": other, "visitor": visitor, "art": art}


def _names_of_others(cast, walks) -> list[str]:
    """Names and codes the governor must not read: everyone but their own visit's."""
    return [
        cast.teacher.display_name,
        cast.teacher.last_name,
        walks["visitor"].display_name,
        walks["visitor"].last_name,
        cast.sendco.display_name,
        cast.slt.display_name,
        cast.group.code,
        walks["art"].code,
        "Petra Visiting",
    ]


def _absent(text: str, names: list[str]) -> None:
    # Whole names only: "8X/G12" must not be found inside "8X/G123".
    found = [n for n in names if re.search(rf"(?<![\w/]){re.escape(n)}(?!\w)", text)]
    assert not found, f"shown to the governor: {found}"


def test_on_a_walk_they_observe_a_governor_sees_only_their_own_visit(cast, client, walks) -> None:
    client.force_login(cast.governor)
    response = client.get(reverse("walks:walk", args=[walks["joined"].pk]))
    assert response.status_code == 200
    text = response.content.decode()
    # Their own visit: the class, its teacher and the capture link.
    assert cast.group2.code in text and cast.teacher2.display_name in text
    assert reverse("feedback:capture", kwargs={"visit_pk": walks["own"].pk}) in text
    _absent(text, _names_of_others(cast, walks))
    assert list(response.context["observers"]) == [cast.governor]


def test_a_co_observer_on_the_same_visit_is_named(cast, client, walks) -> None:
    walks["own"].observers.add(cast.slt)
    client.force_login(cast.governor)
    text = client.get(reverse("walks:walk", args=[walks["joined"].pk])).content.decode()
    assert cast.slt.display_name in text
    _absent(text, [cast.sendco.display_name, cast.teacher.display_name, cast.group.code])


def test_on_walks_they_do_not_observe_a_governor_reads_no_name(cast, client, walks) -> None:
    client.force_login(cast.governor)
    other = walks["other"]
    names = _names_of_others(cast, walks) + [cast.teacher2.display_name, cast.group2.code]
    # The walk page, and every visit page of it, is out of reach.
    assert client.get(reverse("walks:walk", args=[other.pk])).status_code == 404
    for visit in other.visits.all():
        assert client.get(reverse("walks:visit_edit", args=[visit.pk])).status_code == 404
        assert client.get(reverse("feedback:capture", args=[visit.pk])).status_code == 404
    # The programme (with its coverage) and the upcoming walks name nobody,
    # whichever walk they are looking at.
    for url in [reverse("walks:programme"), reverse("walks:upcoming")]:
        response = client.get(url)
        assert response.status_code == 200
        _absent(response.content.decode(), names)
    programme = client.get(reverse("walks:programme")).content.decode()
    assert "Walk without the governor" in programme
    assert reverse("walks:walk", args=[other.pk]) not in programme
    # My observations lists only their own visit.
    text = client.get(reverse("feedback:my_observations")).content.decode()
    assert cast.group2.code in text
    _absent(text, names[:-1] + [walks["art"].code])


def test_the_announcement_email_names_no_class_teacher_or_observer(cast, walks) -> None:
    walk = walks["joined"]
    walk_announcement_send(walk=walk, upcoming_url="https://sendit.test/walks/upcoming/")
    governor_mail = [m for m in mail.outbox if m.to == [cast.governor.email]]
    assert len(governor_mail) == 1
    text = governor_mail[0].subject + governor_mail[0].body
    _absent(text, _names_of_others(cast, walks) + [cast.teacher2.display_name, cast.group2.code])


def test_a_teacher_observer_is_held_to_the_same_rule(cast, client, walks) -> None:
    walk = walks["joined"]
    walk.observers.add(cast.teacher)
    walks["own"].observers.add(cast.teacher)
    client.force_login(cast.teacher)
    text = client.get(reverse("walks:walk", args=[walk.pk])).content.decode()
    assert cast.group2.code in text and cast.governor.display_name in text
    _absent(text, [walks["visitor"].display_name, walks["art"].code, cast.sendco.display_name])


def test_planners_still_see_everyone(cast, client, walks) -> None:
    client.force_login(cast.sendco)
    text = client.get(reverse("walks:walk", args=[walks["joined"].pk])).content.decode()
    for name in _names_of_others(cast, walks) + [cast.governor.display_name]:
        assert name in text
