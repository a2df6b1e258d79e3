"""Demo term dates for `manage.py seed_demo`: this school year's (2026 to
2027) half-terms, INSET days and a closure for both demo schools, as their
school admins would enter them from their local authorities' published
patterns (fictional schools, realistic England dates).

A year already entered is left as it is, so a second run changes nothing.
Other years run on the usual dates (schools.term_defaults), which is what
the term-dates pages prompt the admin about.
"""

from __future__ import annotations

from datetime import date

from demo.schools import DEMO_SLUG, OTHER_SLUG
from schools.models import HalfTermName, NonTeachingDay, School, SchoolYear, User
from schools.term_services import NOT_ENTERED, term_year_save

INSET, CLOSURE = NonTeachingDay.Kind.INSET, NonTeachingDay.Kind.CLOSURE
DemoYear = tuple[list[tuple[date, date]], list[tuple[date, str, str]]]

# Northfield Park: back on Thursday 3 September after two INSET days; Good
# Friday is 26 March 2027, so spring ends on the Thursday; the May bank
# holiday is known already; the hall is a polling station on 6 May.
NORTHFIELD_2026: DemoYear = (
    [
        (date(2026, 9, 1), date(2026, 10, 23)),
        (date(2026, 11, 2), date(2026, 12, 18)),
        (date(2027, 1, 4), date(2027, 2, 12)),
        (date(2027, 2, 22), date(2027, 3, 25)),
        (date(2027, 4, 12), date(2027, 5, 28)),
        (date(2027, 6, 7), date(2027, 7, 21)),
    ],
    [
        (date(2026, 9, 1), INSET, "Staff training: the year ahead"),
        (date(2026, 9, 2), INSET, "Staff training: SEND and safeguarding"),
        (date(2026, 11, 2), INSET, "Staff training: adaptive teaching"),
        (date(2027, 1, 4), INSET, "Staff training: assessment"),
        (date(2027, 5, 6), CLOSURE, "Polling station (local elections)"),
        (date(2027, 7, 21), INSET, "Staff training: planning for September"),
    ],
)
# Brookside Primary: its authority breaks up on Thursday 17 December and
# keeps its INSET days at the two ends of the year.
BROOKSIDE_2026: DemoYear = (
    [
        (date(2026, 9, 2), date(2026, 10, 23)),
        (date(2026, 11, 2), date(2026, 12, 17)),
        (date(2027, 1, 5), date(2027, 2, 12)),
        (date(2027, 2, 22), date(2027, 3, 25)),
        (date(2027, 4, 12), date(2027, 5, 28)),
        (date(2027, 6, 7), date(2027, 7, 20)),
    ],
    [
        (date(2026, 9, 2), INSET, "Staff training"),
        (date(2026, 9, 3), INSET, "Staff training"),
        (date(2027, 1, 5), INSET, "Staff training"),
        (date(2027, 7, 19), INSET, "Staff training"),
        (date(2027, 7, 20), INSET, "Staff training"),
    ],
)
DEMO_YEARS: dict[tuple[str, int], DemoYear] = {
    (DEMO_SLUG, 2026): NORTHFIELD_2026,
    (OTHER_SLUG, 2026): BROOKSIDE_2026,
}
ADMINS = {DEMO_SLUG: "admin@demo.test"}


def seed_terms() -> None:
    for (slug, start_year), (halves, days) in DEMO_YEARS.items():
        school = School.objects.get(slug=slug)
        if SchoolYear.objects.filter(school=school, start_year=start_year).exists():
            continue
        admin = User.objects.filter(email=ADMINS.get(slug, "")).first()
        term_year_save(
            school=school,
            start_year=start_year,
            half_terms=dict(zip(HalfTermName.values, halves, strict=True)),
            non_teaching=days,
            base_version=NOT_ENTERED,
            actor=admin,
        )
