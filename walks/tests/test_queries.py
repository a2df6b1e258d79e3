"""The walks app's figures (walks/queries.py)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from tests.factories import make_group, make_visit, make_walk
from walks.models import LearningWalk, Visit
from walks.queries import observation_counts, programme_coverage

TODAY = date(2026, 11, 23)  # a Monday in the autumn term


def test_observation_counts_cover_one_school_year(cast) -> None:
    this_year = make_walk(cast.school, starts_on=TODAY)
    earlier = make_walk(cast.school, starts_on=date(2026, 9, 7))
    last_year = make_walk(cast.school, starts_on=date(2026, 6, 1))
    visit = make_visit(this_year, cast.group)
    make_visit(earlier, cast.group)
    make_visit(last_year, cast.group)
    make_visit(this_year, cast.group2)
    counts = observation_counts(school=cast.school, day=TODAY)
    assert counts == {cast.teacher.pk: 2, cast.teacher2.pk: 1}
    assert observation_counts(school=cast.school, day=TODAY, exclude_visit=visit) == {
        cast.teacher.pk: 1,
        cast.teacher2.pk: 1,
    }
    assert observation_counts(school=cast.school, day=date(2026, 5, 1)) == {cast.teacher.pk: 1}


def test_coverage_counts_visits_that_happened(cast) -> None:
    now = timezone.make_aware(timezone.datetime(2026, 11, 23, 12, 0))
    done = make_walk(cast.school, starts_on=date(2026, 11, 9), state=LearningWalk.State.COMPLETED)
    make_visit(done, cast.group)  # teacher, English, year 8
    planned = make_walk(cast.school, starts_on=date(2026, 12, 7))
    make_visit(planned, cast.group2)  # teacher2: planned only, so not yet visited
    make_group(cast.school, teachers=[cast.teacher2], subject="Maths", year_group=10)

    coverage = programme_coverage(school=cast.school, year_start=2026, now=now)

    assert (coverage.teachers.visited, coverage.teachers.total) == (1, 2)
    assert coverage.teachers.percent == 50
    assert [(s.label, s.visited, s.total) for s in coverage.by_department] == [
        ("English", 1, 1),
        ("Maths", 0, 1),
    ]
    assert (coverage.departments.visited, coverage.departments.total) == (1, 2)
    assert [(s.label, s.visited) for s in coverage.by_year_group] == [("Year 8", 1), ("Year 10", 0)]
    assert coverage.year_groups.percent == 50
    # Another school year has no coverage yet.
    assert programme_coverage(school=cast.school, year_start=2027, now=now).teachers.visited == 0
    assert Visit.objects.count() == 2
