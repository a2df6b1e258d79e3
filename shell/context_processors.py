from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from schools.models import Membership, User
from shell.dashboard import classroom_panels
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


def switch_schools(request: HttpRequest) -> dict[str, object]:
    """``other_schools`` for "Switch school" in the header (templates/base.html)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"other_schools": _other_schools(user)}


def _other_schools(user: User) -> SimpleLazyObject | list[Membership]:
    """The person's other active memberships; asked for only when the
    middleware counted more than one (``schools_count`` on the membership)."""
    if getattr(user.membership, "schools_count", 2) < 2:
        return []
    return SimpleLazyObject(
        lambda: [m for m in user.active_memberships() if m.school_id != user.school_id]
    )


def home_panels(request: HttpRequest) -> dict[str, object]:
    """``classroom_panels`` for the classroom staff's home (My classes): the
    apps' panels marked ``classroom``, worked out only if a page shows them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.school_id is None:
        return {}
    return {"classroom_panels": SimpleLazyObject(lambda: classroom_panels(user))}
