"""Demo term dates: this school year's for both demo schools, valid by the
form's own rules, walks inside them, and a second run changes nothing."""

from __future__ import annotations

from datetime import date

import time_machine
from django.core.management import call_command

from audit.models import ChangeKind, ChangeRecord
from demo.terms import DEMO_YEARS
from schools import terms as t
from schools.models import HalfTermName, School, SchoolYear
from schools.term_forms import NonTeachingDayFormSet, TermDatesForm
from walks.models import LearningWalk


def _fingerprint() -> list[tuple]:
    return [
        (
            y.school.slug,
            y.start_year,
            y.version,
            [(h.name, h.starts_on, h.ends_on) for h in y.half_terms.all()],
            [(d.day, d.kind, d.name) for d in y.closures.all()],
        )
        for y in SchoolYear.objects.order_by("school__slug", "start_year")
    ]


def _form_data(halves, days) -> dict[str, str]:
    data = {"version": "0", "days-TOTAL_FORMS": str(len(days)), "days-INITIAL_FORMS": "0"}
    for value, (start, end) in zip(HalfTermName.values, halves, strict=True):
        data[f"{value}_start"], data[f"{value}_end"] = start.isoformat(), end.isoformat()
    for n, (day, kind, name) in enumerate(days):
        data.update(
            {f"days-{n}-day": day.isoformat(), f"days-{n}-kind": kind, f"days-{n}-name": name}
        )
    return data


def test_the_demo_years_pass_the_forms_rules() -> None:
    for (_, start_year), (halves, days) in DEMO_YEARS.items():
        data = _form_data(halves, days)
        form = TermDatesForm(data, start_year=start_year)
        formset = NonTeachingDayFormSet(data, prefix="days")
        assert form.is_valid(), form.errors
        assert formset.is_valid()
        formset.check_against(form.half_terms(), start_year)
        assert formset.is_valid(), formset.errors


@time_machine.travel(date(2026, 11, 22), tick=False)
def test_demo_term_dates(db) -> None:
    call_command("seed_demo", verbosity=0)
    first = _fingerprint()
    demo = School.objects.get(slug="demo")
    year = t.year_of(demo, 2026)
    assert year.entered and t.year_of(School.objects.get(slug="other"), 2026).entered
    assert year.half_terms[0].start == date(2026, 9, 1)
    assert not t.is_term_day(demo, date(2026, 9, 2))  # INSET
    assert t.is_term_day(demo, date(2026, 9, 3))
    assert not t.is_term_day(demo, date(2027, 5, 6))  # a polling station
    days = sum(year.term_day_count(term) for term in year.terms)
    assert 185 <= days <= 190  # 190 days of lessons, less a closure and the bank holiday
    # Every demo walk lies inside a term of the demo school's own dates.
    for walk in LearningWalk.objects.filter(school=demo):
        assert t.term_of(demo, walk.starts_on) is not None, walk.title
        assert t.is_term_day(demo, walk.starts_on) or walk.is_walk_week, walk.title
    # The admin entered them: one change record a year, and a second run adds none.
    records = ChangeRecord.objects.filter(kind=ChangeKind.TERM_DATES_SAVED).count()
    assert records == 2
    call_command("seed_demo", verbosity=0)
    assert _fingerprint() == first
    assert ChangeRecord.objects.filter(kind=ChangeKind.TERM_DATES_SAVED).count() == records
