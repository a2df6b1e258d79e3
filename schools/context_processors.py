from __future__ import annotations

from django.http import HttpRequest

from schools.homes import navigation_for


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.school_id is None:
        return {"nav_items": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    return {"nav_items": navigation_for(user), "nav_current": current}
