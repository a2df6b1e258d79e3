"""Template helpers for the provision sections of the pupil page.

No tag here reads records: the view looks them up through pupils.access.
"""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def years_months(months: int | None) -> str:
    """An age kept in months, as staff say it: "9 years 4 months"."""
    if months is None:
        return "–"
    years, extra = divmod(months, 12)
    return f"{years} year{'s' if years != 1 else ''} {extra} month{'s' if extra != 1 else ''}"
