"""Template helpers for the provision sections of the pupil page."""

from __future__ import annotations

from django import template
from django.utils import timezone

from pupils.models import Pupil

register = template.Library()


@register.filter
def years_months(months: int | None) -> str:
    """An age kept in months, as staff say it: "9 years 4 months"."""
    if months is None:
        return "–"
    years, extra = divmod(months, 12)
    return f"{years} year{'s' if years != 1 else ''} {extra} month{'s' if extra != 1 else ''}"


@register.simple_tag
def provision_for(pupil: Pupil) -> dict[str, object]:
    """A pupil's assessments, access arrangements, EHC plan, interventions and
    concerns, each fetched once (the page is only given the pupil)."""
    today = timezone.localdate()
    arrangements = list(pupil.access_arrangements.all())
    return {
        "today": today,
        "assessments": list(pupil.assessments.select_related("pupil")),
        "arrangements": [(a, a.evidence_problems(today)) for a in arrangements],
        "ehc_plan": pupil.ehc_plan if hasattr(pupil, "ehc_plan") else None,
        "places": list(
            pupil.intervention_places.select_related("intervention", "intervention__lead").order_by(
                "-intervention__starts_on"
            )
        ),
        "concerns": list(pupil.concerns.select_related("raised_by").order_by("-noticed_on", "-pk")),
    }
