from __future__ import annotations

from django.urls import reverse

from schools.models import Role
from shell.discovery import declarations
from shell.navigation import navigation_for
from tests.factories import make_user, make_visit, make_walk


def _top_labels(response) -> list[str]:
    return [section.label for section in response.context["nav_sections"]]


def test_sendco_menu_is_grouped_into_a_few_sections(cast, client) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse("shell:dashboard"))
    assert _top_labels(response) == [
        "Dashboard",
        "Pupils",
        "Walks",
        "Outcomes",
        "Calendar",
        "Reports",
        "School settings",
    ]
    assert response.context["nav_section"].label == "Dashboard"


def test_the_current_section_shows_its_pages_as_a_second_row(cast, client) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse("pupils:register"))
    text = response.content.decode()
    assert response.context["nav_section"].label == "Pupils"
    assert f'href="{reverse("pupils:interventions")}"' in text
    assert f'href="{reverse("walks:upcoming")}"' not in text  # another section's page


def test_a_teacher_sees_their_classes_and_walks(cast, client) -> None:
    client.force_login(cast.teacher)
    response = client.get(reverse("pupils:my_classes"))
    assert _top_labels(response) == ["Pupils", "Walks", "Calendar"]
    assert response.context["nav_section"].items[0].url_name == "pupils:my_classes"


def test_every_menu_page_is_open_to_the_roles_it_is_shown_to(cast, client) -> None:
    for role in Role:
        user = make_user(cast.school, role)
        client.force_login(user)
        for section in navigation_for(user):
            for item in section.items:
                response = client.get(item.url)
                assert response.status_code == 200, f"{role} on {item.url_name}"
    nav = declarations().nav
    assert len({item.url_name for item in nav}) == len(nav)


def test_reports_section_names_each_report(cast, client) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse("reports:home"))
    section = response.context["nav_section"]
    assert section.label == "Reports"
    assert [item.label for item in section.items] == [
        "Termly reports",
        "Governor summaries",
        "Line-management checklist",
    ]


def _walks_labels(user, client) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("walks:upcoming"))
    return [item.label for item in response.context["nav_section"].items]


def test_my_observations_only_for_those_who_observe(cast, client) -> None:
    teacher = make_user(cast.school, Role.TEACHER)
    assert "My observations" not in _walks_labels(teacher, client)
    make_visit(make_walk(cast.school), cast.group, observers=[teacher])
    assert "My observations" in _walks_labels(teacher, client)
    # SENDCo and SLT have it whether or not they observe.
    for role in (Role.SENDCO, Role.SLT):
        assert "My observations" in _walks_labels(make_user(cast.school, role), client)
