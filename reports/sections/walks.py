"""Learning walks in the period: walks and visits, coverage, findings per focus area,
strengths and next steps, and what the walk reports say needs a closer look.

Coverage is counts only (teachers, departments and year groups visited),
never one teacher's results.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from feedback.access import published_reports
from feedback.queries import Picture, picture_build
from reports.charts import bar_chart
from reports.registry import BuildContext
from walks.access import programme_walks_for
from walks.models import LearningWalk
from walks.queries import programme_coverage


def walks_in(ctx: BuildContext) -> QuerySet[LearningWalk]:
    return programme_walks_for(ctx.reader).filter(
        starts_on__gte=ctx.period.start, starts_on__lte=ctx.period.end
    )


def picture_for(ctx: BuildContext, *, anonymise: bool) -> Picture:
    return picture_build(walks=walks_in(ctx), anonymise=anonymise)


def walks_section(ctx: BuildContext) -> dict[str, Any]:
    walks = walks_in(ctx)
    picture = picture_for(ctx, anonymise=False)
    coverage = programme_coverage(
        school=ctx.school, year_start=ctx.period.school_year, now=timezone.now()
    )
    reports = list(
        published_reports(ctx.reader)
        .filter(walk__in=walks)
        .select_related("walk")
        .order_by("walk__starts_on", "pk")
    )
    focus_rows = [
        (f.title, f.seen, f.partly, f.not_seen, f.rated, f.seen_share) for f in picture.focus
    ]
    chart = (
        bar_chart(
            "Findings by focus area (visits)",
            [f.title for f in picture.focus],
            [
                ("Seen", [f.seen for f in picture.focus]),
                ("Partly seen", [f.partly for f in picture.focus]),
                ("Not seen", [f.not_seen for f in picture.focus]),
            ],
            stacked=True,
            horizontal=True,
            unit="visits",
        )
        if picture.focus
        else None
    )
    return {
        "walks": {
            "planned": walks.count(),
            "completed": walks.filter(state=LearningWalk.State.COMPLETED).count(),
            "visits": picture.visits,
            "observations": picture.observations,
            "coverage_rows": [coverage.teachers, coverage.departments, coverage.year_groups],
            "focus_rows": focus_rows,
            "focus_chart": chart,
            "theme_pairs": list(
                zip_longest(
                    picture.strength_themes[:5], picture.point_themes[:5], fillvalue=("", "")
                )
            ),
            "strategies_seen": picture.strategies_seen,
            "strategies_checked": picture.strategies_checked,
            "reports": [
                {
                    "walk": report.walk.title,
                    "starts_on": report.walk.starts_on,
                    "strengths": report.strengths,
                    "good_practice": report.good_practice,
                    "policy_changes": report.policy_changes,
                    "closer_look": report.closer_look,
                }
                for report in reports
            ],
        }
    }
