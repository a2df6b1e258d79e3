from __future__ import annotations

from django.http import HttpRequest

from shell.discovery import declarations
from shell.navigation import current_section, navigation_for


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.school_id is None:
        return {"nav_sections": []}
    view_name = request.resolver_match.view_name if request.resolver_match else ""
    sections = navigation_for(user)
    return {
        "nav_sections": sections,
        "nav_section": current_section(sections, view_name),
        "nav_current": view_name,
        "account_items": [item for item in declarations().account if item.shown_to(user)],
    }
