"""Statutory work: profile reviews and EHC annual reviews done against due in the
period, what is overdue today, pupils on the register without a profile, access
arrangements whose evidence is missing or running out, interventions ended
without exit measures."""

from __future__ import annotations

from typing import Any

from outcomes.queries import (
    NeedsAssessmentCounts,
    ParentMeetingsSummary,
    needs_assessment_counts,
    parent_meetings_summary,
)
from pupils.queries import (
    ReviewsDone,
    StatutoryWork,
    ehc_reviews_due_for,
    provision_follow_up_for,
    reviews_due_for,
    statutory_work_for,
    without_profile_for,
)
from reports.registry import BuildContext


def statutory_work(ctx: BuildContext) -> StatutoryWork:
    return statutory_work_for(
        ctx.reader, first=ctx.period.start, last=ctx.period.end, today=ctx.today
    )


def outcomes_duties(
    ctx: BuildContext,
) -> tuple[NeedsAssessmentCounts, ParentMeetingsSummary]:
    """Needs assessments requested in the period and where they got to; meetings with
    parents this school year against those expected by today."""
    return (
        needs_assessment_counts(
            ctx.school, first=ctx.period.start, last=ctx.period.end, today=ctx.today
        ),
        parent_meetings_summary(ctx.school, today=ctx.today),
    )


ASSESSMENT_ROWS = (
    ("requested", "Requested"),
    ("agreed", "Agreed by the local authority (including those since finished)"),
    ("refused", "Refused"),
    ("plans_issued", "EHC plan issued"),
    ("plans_not_issued", "Decided not to issue a plan"),
    ("in_progress", "Still in progress"),
    ("past_deadline", "In progress past the 6-week or 20-week deadline"),
)


def statutory_section(ctx: BuildContext) -> dict[str, Any]:
    today = ctx.today
    reviews = reviews_due_for(ctx.reader, today=today, listed=0)
    annual = ehc_reviews_due_for(ctx.reader, today=today, listed=0)
    missing = without_profile_for(ctx.reader, listed=0)
    follow_up = provision_follow_up_for(ctx.reader, today=today)
    work = statutory_work(ctx)
    assessments, meetings = outcomes_duties(ctx)
    return {
        "statutory": {
            "as_of": today,
            "work": work,
            "assessment_rows": [
                (label, getattr(assessments, key)) for key, label in ASSESSMENT_ROWS
            ],
            "meetings": meetings,
            "meetings_expected": meetings.expected_per_pupil * meetings.pupils_expected,
            "done_rows": [
                ("Profile reviews", *_done(work.profile_reviews)),
                ("EHC annual reviews", *_done(work.annual_reviews)),
            ],
            "rows": [
                ("Profile reviews due within two weeks or overdue", reviews.total),
                ("Profile reviews overdue", reviews.overdue),
                ("EHC annual reviews due within six weeks or overdue", annual.total),
                ("EHC annual reviews overdue", annual.overdue),
                ("Pupils on the register without a one-page profile", missing.total),
                ("Access arrangements with evidence missing", work.arrangements_missing),
                ("Access arrangements whose evidence runs out soon", work.arrangements_expiring),
                ("Interventions ended without exit measures", follow_up.missing_exit),
            ],
        }
    }


def _done(reviews: ReviewsDone) -> tuple[int, int, int]:
    return reviews.due, reviews.done, reviews.not_done
