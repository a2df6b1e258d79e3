"""Template helpers for the provision sections of the pupil page.

No tag here reads records: the view looks them up through pupils.access.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def years_months(months: int | None) -> str:
    """An age kept in months, as staff say it: "9 years 4 months"."""
    if months is None:
        return "–"
    years, extra = divmod(months, 12)
    return f"{years} year{'s' if years != 1 else ''} {extra} month{'s' if extra != 1 else ''}"


@register.filter
def money(amount: Decimal | None) -> str:
    """An amount in pounds as a finance office writes it: "£1,234.50"; "–" when unknown."""
    if amount is None:
        return "–"
    return f"£{amount:,.2f}"


@register.filter
def signed(value: Decimal | None) -> str:
    """A change with its sign ("+6", "-1.5", "0"); "–" when there is none."""
    if value is None:
        return "–"
    text = f"{value.normalize():f}"
    return f"+{text}" if value > 0 else text


PROVISION_PAGES = [
    ("pupils:interventions", "Provision map"),
    ("pupils:provision_grid", "Provision grid"),
    ("pupils:provision_costs", "Costs"),
    ("pupils:provision_pupil_costs", "Cost per pupil"),
    ("pupils:provision_impact", "Impact"),
    ("pupils:staff_rates", "Hourly rates"),
]


@register.inclusion_tag("pupils/provision_nav.html")
def provision_nav(here: str) -> dict[str, object]:
    """Links between the provision pages (all of them for the SENDCo and SLT)."""
    return {"provision_pages": PROVISION_PAGES, "here": here}
