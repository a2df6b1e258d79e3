"""Refused access: a 404 on an object that exists but is out of the user's reach.

Every view looks its object up with ``sendit.lib.access.get_object_or_404``
in a queryset of its app's ``access.py``; a miss on an id raises
``OutOfReach``. This middleware, once for every view, checks whether the
object exists at all (looked up past every scope, never as a read of the
record) and, if it does, appends a security event ``access_refused``: who,
what kind of record and its id, the page and path, the IP and when. The
event belongs to the school that owns the object (so that school's SENDCo
and admins read it, whoever asked), or else to the asker's active school.
An id that names nothing is a plain 404 and is not recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import models

from audit.models import SecurityKind
from audit.services import record_security_event
from sendit.lib.access import OutOfReach

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


def _owner_school_id(obj: models.Model) -> int | None:
    """The id of the school the object belongs to, by the record of changes'
    paths (audit.changes.AUDITED) or a ``school_id`` of its own."""
    from audit.changes import AUDITED, EXTRA

    path = {**AUDITED, **EXTRA}.get(obj._meta.label, (None, "school_id"))[1]
    value: Any = obj
    try:
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
    except models.ObjectDoesNotExist:
        return None
    return int(value)


def record_refusal(request: HttpRequest, refused: OutOfReach) -> bool:
    """Record the refusal if the object exists; whether it was recorded."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    try:
        obj = refused.model._base_manager.filter(pk=refused.pk).first()
    except (TypeError, ValueError):
        return False
    if obj is None:
        return False
    school_id = _owner_school_id(obj) or getattr(user, "school_id", None)
    match = getattr(request, "resolver_match", None)
    record_security_event(
        SecurityKind.ACCESS_REFUSED,
        user=user,
        request=request,
        school_id=school_id,
        details={
            "model": refused.model._meta.label_lower,
            "id": obj.pk,
            "page": match.view_name if match else "",
            "path": request.path[:200],
            "active_school": getattr(user, "school_id", None),
        },
    )
    return True


class RefusedAccessMiddleware:
    """Records each ``OutOfReach`` a view raises (the user still gets the 404)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, OutOfReach):
            record_refusal(request, exception)
