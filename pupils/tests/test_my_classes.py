from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from pupils.models import ProfileReview, SenStatus, SenStatusChange, Strategy
from tests.factories import make_group, make_profile, make_pupil, make_user

URL = reverse("pupils:my_classes")


def test_teacher_sees_learners_with_send_and_their_strategies(cast, client) -> None:
    profile = make_profile(cast.pupil, strategies=["Warn before changes", "Offer a quiet space"])
    Strategy.objects.create(profile=profile, text="Retired strategy", position=9, is_active=False)
    SenStatusChange.objects.create(
        pupil=cast.pupil, from_status="N", to_status="K", note="Sensitive history note"
    )
    ProfileReview.objects.create(pupil=cast.pupil, review="Sensitive review note")
    client.force_login(cast.teacher)
    response = client.get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Casey Visited" in text
    assert "SEN support" in text and "communication and interaction" in text
    assert text.index("Warn before changes") < text.index("Offer a quiet space")
    assert reverse("pupils:pupil", args=[cast.pupil.pk]) in text
    for hidden in ["Retired strategy", "Sensitive history note", "Sensitive review note"]:
        assert hidden not in text
    # Only learners with SEND are listed, and only from this teacher's groups.
    assert "Robin Elsewhere" not in text
    no_sen = cast.group.pupils.get(sen_status=SenStatus.NONE)
    assert no_sen.full_name not in text


def test_ta_sees_the_groups_they_support(cast, client) -> None:
    client.force_login(cast.ta)
    text = client.get(URL).content.decode()
    assert "Casey Visited" in text
    assert "No strategies written yet" in text


def test_teacher2_sees_a_different_set(cast, client) -> None:
    client.force_login(cast.teacher2)
    text = client.get(URL).content.decode()
    assert "Robin Elsewhere" in text
    assert "Casey Visited" not in text


def test_walk_notes_section_comes_first(cast, client) -> None:
    client.force_login(cast.teacher)
    text = client.get(URL).content.decode()
    assert text.index("Walk notes") < text.index("Casey Visited")
    assert "No new walk notes." in text


def test_a_teaching_assistant_gets_no_walk_notes_section(cast, client) -> None:
    client.force_login(cast.ta)
    text = client.get(URL).content.decode()
    assert 'id="walk-notes-heading"' not in text


def test_my_classes_needs_sign_in(client, db) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("role", ["sendco", "slt", "governor", "school_admin"])
def test_other_roles_get_404(cast, client, role) -> None:
    client.force_login(getattr(cast, role))
    assert client.get(URL).status_code == 404


def _classes(cast, teacher, groups: int, pupils_each: int) -> None:
    for _ in range(groups):
        pupils = []
        for n in range(pupils_each):
            pupil = make_pupil(cast.school, sen_status=SenStatus.SUPPORT if n % 2 else "N")
            if n % 2:
                make_profile(pupil, strategies=["One", "Two", "Three"])
            pupils.append(pupil)
        make_group(cast.school, teachers=[teacher], pupils=pupils)


def test_query_count_stays_the_same_as_groups_and_pupils_grow(
    cast, client, django_assert_max_num_queries, django_assert_num_queries
) -> None:
    teacher = make_user(cast.school, "teacher")
    client.force_login(teacher)
    _classes(cast, teacher, groups=1, pupils_each=2)
    with django_assert_max_num_queries(12) as small:  # +1 "observes?" (menu), +1 Dates for you
        client.get(URL)
    _classes(cast, teacher, groups=8, pupils_each=12)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count("Three") == 1 + 8 * 6
