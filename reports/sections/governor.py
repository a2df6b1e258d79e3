"""The governor summary: the same content for its page and its PDF, every
figure of the whole document through the privacy rule once."""

from __future__ import annotations

from datetime import date
from typing import Any

from pupils.models import BroadArea, SenStatus
from pupils.queries import school_register_counts
from reports.registry import BuildContext
from reports.sections.register import register_figures
from schools.models import School
from sendit.lib.privacy import Suppressed


def governor_page(*, school: School, today: date) -> dict[str, Any]:
    shown: Suppressed = register_figures(school_register_counts(school)).suppress()
    return {
        "total": shown["all"],
        "register": shown["register"],
        "status_rows": [
            (status.label, shown[status.value])
            for status in (SenStatus.SUPPORT, SenStatus.EHC_PLAN)
        ],
        "area_rows": [(area.label, shown[f"area:{area.value}"]) for area in BroadArea],
    }


def governor_section(ctx: BuildContext) -> dict[str, Any]:
    return governor_page(school=ctx.school, today=ctx.today)
