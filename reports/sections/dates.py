"""The dates ahead and what is overdue, from the calendar (calendar_app.queries):
the next term's dates (events about a pupil counted by kind, never listed) and
the school's overdue counts."""

from __future__ import annotations

from datetime import date
from typing import Any

from calendar_app.queries import DatesAhead, OverdueCounts, dates_ahead, overdue_counts
from reports.periods import Period, term_period
from reports.registry import BuildContext
from schools.models import School
from schools.terms import terms_of_year

OVERDUE = (
    ("annual_reviews", "EHC annual reviews past their 12 months"),
    ("invitations_not_sent", "Annual review invitations not sent"),
    ("papers_not_sent", "Annual review papers not sent"),
    ("profile_reviews_missed", "Profile reviews missed"),
)


def next_term(school: School, period: Period) -> Period:
    """The term after the one the period falls in (the period itself if none is known)."""
    for year in (period.school_year, period.school_year + 1):
        for term in terms_of_year(school, year):
            if term.start > period.end:
                return term_period(term)
    return period


def dates_figures(
    school: School, period: Period, today: date
) -> tuple[Period, DatesAhead, OverdueCounts]:
    ahead = next_term(school, period)
    return (
        ahead,
        dates_ahead(school, first=ahead.start, last=ahead.end),
        overdue_counts(school, today=today),
    )


def dates_section(ctx: BuildContext) -> dict[str, Any]:
    ahead, dates, overdue = dates_figures(ctx.school, ctx.period, ctx.today)
    return {
        "dates": {
            "period": ahead,
            "listed": dates.listed,
            "about_pupils": sorted(dates.about_pupils.items()),
            "total": dates.total,
            "as_of": ctx.today,
            "overdue_rows": [(label, getattr(overdue, key)) for key, label in OVERDUE],
            "overdue_total": overdue.total,
        }
    }
