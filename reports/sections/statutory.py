"""Statutory work: profile and EHC annual reviews due and overdue, pupils on the
register without a profile, access arrangements whose evidence is missing or
expiring, interventions ended without exit measures."""

from __future__ import annotations

from typing import Any

from pupils.queries import (
    ehc_reviews_due_for,
    provision_follow_up_for,
    reviews_due_for,
    without_profile_for,
)
from reports.registry import BuildContext


def statutory_section(ctx: BuildContext) -> dict[str, Any]:
    today = ctx.today
    reviews = reviews_due_for(ctx.reader, today=today, listed=0)
    annual = ehc_reviews_due_for(ctx.reader, today=today, listed=0)
    missing = without_profile_for(ctx.reader, listed=0)
    follow_up = provision_follow_up_for(ctx.reader, today=today)
    return {
        "statutory": {
            "as_of": today,
            "rows": [
                ("Profile reviews due within two weeks or overdue", reviews.total),
                ("Profile reviews overdue", reviews.overdue),
                ("EHC annual reviews due within six weeks or overdue", annual.total),
                ("EHC annual reviews overdue", annual.overdue),
                ("Pupils on the register without a one-page profile", missing.total),
                ("Access arrangements with evidence missing or expiring", follow_up.arrangements),
                ("Interventions ended without exit measures", follow_up.missing_exit),
            ],
        }
    }
