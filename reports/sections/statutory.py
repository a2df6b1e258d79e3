"""Statutory work: profile reviews and EHC annual reviews done against due in the
period, what is overdue today, pupils on the register without a profile, access
arrangements whose evidence is missing or running out, interventions ended
without exit measures."""

from __future__ import annotations

from typing import Any

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


def statutory_section(ctx: BuildContext) -> dict[str, Any]:
    today = ctx.today
    reviews = reviews_due_for(ctx.reader, today=today, listed=0)
    annual = ehc_reviews_due_for(ctx.reader, today=today, listed=0)
    missing = without_profile_for(ctx.reader, listed=0)
    follow_up = provision_follow_up_for(ctx.reader, today=today)
    work = statutory_work(ctx)
    return {
        "statutory": {
            "as_of": today,
            "work": work,
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
