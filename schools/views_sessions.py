"""Your signed-in devices, and the idle-timeout warning's two requests
(schools/sessions.py)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from audit.models import SecurityKind
from audit.services import record_security_event
from schools.access import signed_in_sessions_for
from schools.sessions import (
    ACTIVE_AT,
    device_summary,
    remaining,
    session_end,
    session_row_touch,
    sessions_end_elsewhere,
)
from sendit.lib.access import AuthedRequest
from sendit.lib.params import page_of

DEVICES_PAGE_SIZE = 20


def devices(request: AuthedRequest) -> HttpResponse:
    current = request.session.session_key
    page = page_of(request, signed_in_sessions_for(request.user), DEVICES_PAGE_SIZE)
    rows = [
        {
            "device": device_summary(row.user_agent),
            "signed_in_at": row.signed_in_at,
            "last_seen": row.last_seen,
            "this_device": row.session_key == current,
        }
        for row in page.object_list
    ]
    return render(
        request,
        "schools/devices.html",
        {
            "page": page,
            "rows": rows,
            "others": page.paginator.count > sum(row["this_device"] for row in rows),
            "idle_minutes": settings.SESSION_IDLE_SECONDS // 60,
            "absolute_hours": settings.SESSION_ABSOLUTE_SECONDS // 3600,
        },
    )


@require_POST
def devices_sign_out(request: AuthedRequest) -> HttpResponse:
    """ "Sign out everywhere else" keeps this device; "Sign out everywhere"
    ends this session too."""
    user = request.user
    if request.POST.get("which") == "all":
        ended = sessions_end_elsewhere(request, user, "everywhere")
        if not ended:
            # Only this device: still a deliberate "everywhere", recorded as such.
            record_security_event(
                SecurityKind.SESSIONS_ENDED,
                user=user,
                request=request,
                details={"ended": 0, "reason": "everywhere"},
            )
        session_end(request, "everywhere")
        messages.success(request, "You are signed out on every device, this one included.")
        return redirect("account_login")
    ended = sessions_end_elsewhere(request, user, "others")
    if ended:
        messages.success(
            request,
            f"Signed out on {ended} other device{'s' if ended != 1 else ''}. "
            "This one stays signed in.",
        )
    else:
        messages.info(request, "You were not signed in anywhere else.")
    return redirect("schools:devices")


@never_cache
@require_GET
def session_status(request: AuthedRequest) -> JsonResponse:
    """How long this session has left, for the warning script; asking does
    not count as activity (schools.sessions.is_passive)."""
    return JsonResponse(remaining(request).as_json())


@require_POST
def session_stay(request: AuthedRequest) -> HttpResponse:
    """ "Stay signed in": this request is activity, which the middleware has
    noted; the answer says how long is left now."""
    now = time.time()
    request.session[ACTIVE_AT] = now
    session_row_touch(request, now)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(remaining(request).as_json())
    return redirect("home")
