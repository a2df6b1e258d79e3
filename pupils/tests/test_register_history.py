"""The register as it stood on a day, and its movement per term, from the status history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pupils.models import NeedType, SenStatus, SenStatusChange
from pupils.queries import Movement, register_counts_on, register_movement
from pupils.services import pupil_sen_update
from tests.factories import make_pupil, make_school

TODAY = date(2026, 12, 2)  # Autumn term of the school year 2026 to 2027


def _change(pupil, from_status, to_status, on, need=""):
    return SenStatusChange.objects.create(
        pupil=pupil, from_status=from_status, to_status=to_status, changed_on=on, primary_need=need
    )


@pytest.fixture
def school(db):
    school = make_school("History School")
    # Year 9 now: added in Year 8 last autumn, moved to a plan this autumn.
    moved = make_pupil(school, sen_status=SenStatus.EHC_PLAN, need=NeedType.ASD, year_group=9)
    _change(moved, "N", "K", date(2025, 10, 1), NeedType.ASD)
    _change(moved, "K", "E", date(2026, 10, 15), NeedType.ASD)
    # Year 10 now: on SEN support last year for SEMH, removed this autumn.
    left = make_pupil(school, sen_status=SenStatus.NONE, year_group=10)
    _change(left, "N", "K", date(2025, 9, 20), NeedType.SEMH)
    _change(left, "K", "N", date(2026, 11, 3), NeedType.SEMH)
    # Year 8 now: a plan ceased last spring (in the Easter holiday), still K.
    ceased = make_pupil(school, sen_status=SenStatus.SUPPORT, need=NeedType.SPLD, year_group=8)
    _change(ceased, "N", "E", date(2025, 9, 10), NeedType.SPLD)
    _change(ceased, "E", "K", date(2026, 4, 6), NeedType.SPLD)
    # Year 11 now, on support with no history at all; Year 7 now, not on the register.
    make_pupil(school, sen_status=SenStatus.SUPPORT, need=NeedType.HI, year_group=11)
    make_pupil(school, sen_status=SenStatus.NONE, year_group=7)
    return school


def test_the_register_as_it_stood_a_year_ago(school, django_assert_num_queries) -> None:
    with django_assert_num_queries(3):
        then = register_counts_on(school, date(2025, 12, 2), today=TODAY)
    assert then is not None
    # moved: K (ASD, Year 8); left: K (SEMH, Year 9); ceased: E (SPLD, Year 7);
    # the Year 11 with no history: K now, so K then (Year 10); Year 7 now had not joined.
    assert then.by_status == {"N": 0, "K": 3, "E": 1}
    assert then.register_by_area == {"ci": 1, "semh": 1, "cl": 1, "sp": 1}
    assert then.by_year == {7: 1, 8: 1, 9: 1, 10: 1}
    plans = register_counts_on(school, date(2025, 12, 2), today=TODAY, status="E")
    assert plans is not None and plans.by_year == {7: 1} and plans.ehcp == 1


def test_the_register_today_from_the_history_matches_the_records(school) -> None:
    now = register_counts_on(school, TODAY, today=TODAY)
    assert now is not None
    assert now.by_status == {"N": 2, "K": 2, "E": 1}
    assert now.by_year == {7: 1, 8: 1, 9: 1, 10: 1, 11: 1}


def test_no_figures_before_the_history_begins(school) -> None:
    assert register_counts_on(school, date(2025, 9, 9), today=TODAY) is None
    assert register_counts_on(make_school("New"), TODAY, today=TODAY) is None


def test_movement_per_term_and_by_year_group(school, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(3):
        movement = register_movement(
            school, first=date(2025, 8, 1), last=date(2026, 12, 31), today=TODAY
        )
    by_term = {t.term.key: t.total for t in movement.terms}
    assert list(by_term) == ["2025-autumn", "2025-spring", "2025-summer", "2026-autumn"]
    assert by_term["2025-autumn"] == Movement(added=3)
    assert by_term["2025-spring"] == Movement(to_support=1)  # the Easter holiday: spring
    assert by_term["2025-summer"] == Movement()
    assert by_term["2026-autumn"] == Movement(removed=1, to_ehcp=1)
    autumn = next(t for t in movement.terms if t.term.key == "2026-autumn")
    assert autumn.by_year == {9: Movement(to_ehcp=1), 10: Movement(removed=1)}
    last_autumn = movement.terms[0]
    assert last_autumn.by_year == {7: Movement(added=1), 8: Movement(added=1), 9: Movement(added=1)}
    assert movement.total == Movement(added=3, removed=1, to_ehcp=1, to_support=1)
    assert movement.total.net == 2


def test_a_status_change_records_the_need(school) -> None:
    pupil = make_pupil(school, sen_status=SenStatus.SUPPORT, need=NeedType.MLD)
    off = pupil_sen_update(pupil=pupil, user=None, sen_status="N", needs=[], changed_on=TODAY)
    assert off is not None and off.primary_need == NeedType.MLD
    on = pupil_sen_update(
        pupil=pupil, user=None, sen_status="E", needs=[NeedType.VI], changed_on=TODAY
    )
    assert on is not None and on.primary_need == NeedType.VI


def _movement_page(client, user, django_assert_max_num_queries, limit):
    client.force_login(user)
    with django_assert_max_num_queries(limit):
        return client.get(reverse("pupils:register_movement"))


def test_the_movement_page_for_leaders_in_constant_queries(
    cast, client, django_assert_max_num_queries
) -> None:
    today = timezone.localdate()
    pupils = [make_pupil(cast.school, sen_status=SenStatus.SUPPORT) for _ in range(2)]
    _change(pupils[0], "N", "K", today)
    small = _movement_page(client, cast.sendco, django_assert_max_num_queries, 12)
    assert small.status_code == 200
    text = small.content.decode()
    assert "1 added, 0 removed" in text
    for n in range(30):
        pupil = make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN, year_group=7 + n % 5)
        _change(pupil, "K", "E", today - timedelta(days=n))
    # The same number of queries with thirty more changes.
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("pupils:register_movement"))
    big = _movement_page(client, cast.slt, django_assert_max_num_queries, len(few) + 1)
    assert big.status_code == 200
    assert "from K to E" in big.content.decode()
    assert pupils[0].legal_last_name not in big.content.decode()  # counts, nobody named


@pytest.mark.parametrize("who", ["teacher", "ta", "governor", "school_admin"])
def test_the_movement_page_is_not_found_for_others(cast, client, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(reverse("pupils:register_movement")).status_code == 404


def test_a_pupil_who_left_counts_until_they_left(school) -> None:
    leaver = make_pupil(
        school, sen_status=SenStatus.SUPPORT, year_group=11, left_on=date(2026, 7, 20)
    )
    _change(leaver, "N", "K", date(2025, 9, 15), NeedType.MLD)
    then = register_counts_on(school, date(2025, 12, 2), today=TODAY)
    # In Year 11 when they left in July, so in Year 11 last December too.
    assert then is not None and then.by_status["K"] == 4 and then.by_year[11] == 1
    now = register_counts_on(school, TODAY, today=TODAY)
    assert now is not None and now.by_status["K"] == 2
