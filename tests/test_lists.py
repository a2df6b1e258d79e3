"""sendit.lib.lists.head_and_total: the first rows and the counts of the whole
list in one query, and counts alone without reading a row."""

from __future__ import annotations

import pytest
from django.db.models import Q

from pupils.models import Pupil, SenStatus
from sendit.lib.lists import head_and_total
from tests.factories import make_pupil

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupils(cast):
    for n in range(7):
        make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN if n < 3 else SenStatus.NONE)
    return Pupil.objects.filter(school=cast.school).order_by("pk")


def test_first_rows_and_whole_counts_in_one_query(pupils, django_assert_num_queries) -> None:
    every = list(pupils)
    plans = sum(1 for p in every if p.sen_status == SenStatus.EHC_PLAN)
    with django_assert_num_queries(1):
        rows, total, counts = head_and_total(pupils, 2, plans=Q(sen_status=SenStatus.EHC_PLAN))
    assert rows == every[:2]
    assert total == len(every) and counts == {"plans": plans}


def test_counts_only_read_no_row(pupils, django_assert_num_queries) -> None:
    with django_assert_num_queries(1) as captured:
        rows, total, counts = head_and_total(pupils, 0, plans=Q(sen_status=SenStatus.EHC_PLAN))
    assert rows == [] and total == pupils.count()
    assert counts["plans"] == pupils.filter(sen_status=SenStatus.EHC_PLAN).count()
    assert "legal_last_name" not in captured.captured_queries[0]["sql"]


def test_an_empty_list_counts_nothing(pupils) -> None:
    assert head_and_total(pupils.none(), 5, plans=Q(pk=0)) == ([], 0, {"plans": 0})
    assert head_and_total(pupils.filter(pk=-1), 5) == ([], 0, {})
