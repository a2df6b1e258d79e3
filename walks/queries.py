"""The figures others read about walks, each computed once: walks to announce,
each teacher's observations in a school year (the yearly limit), and the
coverage of the programme (teachers, departments and year groups visited)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, QuerySet

from pupils.models import TeachingGroup
from schools.models import Role, School, User
from sendit.lib.dates import school_year_bounds
from sendit.lib.privacy import Figures
from walks.access import planned_walks_for, programme_walks_for
from walks.models import LearningWalk, Visit

# Staff should hear about a walk the week before.
NOTICE = timedelta(days=7)


def walks_to_announce(user: User, *, today: date) -> QuerySet[LearningWalk]:
    """Planned walks that start within a week and have not been announced: late."""
    return planned_walks_for(user).filter(
        state=LearningWalk.State.PLANNED, starts_on__lt=today + NOTICE, ends_on__gte=today
    )


# Observations in a school year (the yearly limit) ------------------------------------


def school_year_visits(*, school: School | int, day: date) -> QuerySet[Visit]:
    """Visits of the school's walks in the school year that holds ``day``."""
    first, last = school_year_bounds(day)
    school_id = school if isinstance(school, int) else school.pk
    return Visit.objects.filter(
        walk__school_id=school_id, walk__starts_on__gte=first, walk__starts_on__lte=last
    )


def observation_counts(
    *, school: School | int, day: date, exclude_visit: Visit | None = None
) -> dict[int, int]:
    """Each teacher's visits (planned or done) in the school year of ``day``, in one query."""
    visits = school_year_visits(school=school, day=day)
    if exclude_visit is not None and exclude_visit.pk:
        visits = visits.exclude(pk=exclude_visit.pk)
    return dict(visits.values_list("teacher_id").annotate(n=Count("pk")).order_by())


# Coverage of the programme -----------------------------------------------------------


@dataclass
class Share:
    label: str
    visited: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.visited / self.total) if self.total else 0


@dataclass
class Coverage:
    teachers: Share
    departments: Share
    year_groups: Share
    by_department: list[Share]
    by_year_group: list[Share]

    def teacher_figures(self) -> Figures:
        """The counts of people on the coverage panel, for the privacy rule.

        Departments and year groups are parts of the school, not people, so
        their counts show as they are; governors never see them per department.
        """
        figures = Figures()
        figures.count("visited", self.teachers.visited)
        figures.count("teachers", self.teachers.total)
        figures.count("not_visited", self.teachers.total - self.teachers.visited, shown=False)
        figures.total("teachers", ["visited", "not_visited"])
        return figures


def visited_visits(*, school: School, year_start: int, now: datetime) -> QuerySet[Visit]:
    """Visits that have happened: on walks under way or done, and already started."""
    return school_year_visits(school=school, day=date(year_start, 9, 1)).filter(
        walk__state__in=[LearningWalk.State.IN_PROGRESS, LearningWalk.State.COMPLETED],
        starts_at__lte=now,
    )


def programme_coverage(*, school: School, year_start: int, now: datetime) -> Coverage:
    """Share of teachers, departments and year groups visited in a school year (3 queries)."""
    teachers = dict(
        User.objects.in_school(school, Role.TEACHER)
        .filter(is_active=True)
        .values_list("pk", "department")
    )
    visited_pairs = set(
        visited_visits(school=school, year_start=year_start, now=now).values_list(
            "teacher_id", "group__year_group"
        )
    )
    visited_teachers = {teacher for teacher, _ in visited_pairs if teacher in teachers}
    visited_years = {year for _, year in visited_pairs}
    years = sorted(
        set(TeachingGroup.objects.filter(school=school).values_list("year_group", flat=True))
    )

    department_totals: dict[str, int] = defaultdict(int)
    department_visited: dict[str, int] = defaultdict(int)
    for pk, department in teachers.items():
        name = department or "No department"
        department_totals[name] += 1
        department_visited[name] += pk in visited_teachers
    by_department = [
        Share(name, department_visited[name], department_totals[name])
        for name in sorted(department_totals)
    ]
    by_year_group = [Share(f"Year {year}", int(year in visited_years), 1) for year in years]
    return Coverage(
        teachers=Share("Teachers", len(visited_teachers), len(teachers)),
        departments=Share(
            "Departments", sum(1 for s in by_department if s.visited), len(by_department)
        ),
        year_groups=Share("Year groups", len(visited_years & set(years)), len(years)),
        by_department=by_department,
        by_year_group=by_year_group,
    )


def walks_between(user: User, *, start: date, end: date) -> QuerySet[LearningWalk]:
    """The programme's walks that start from ``start`` to ``end`` (a term or a
    half-term), whatever their state, in date order."""
    return (
        programme_walks_for(user)
        .filter(starts_on__gte=start, starts_on__lte=end)
        .order_by("starts_on", "pk")
    )
