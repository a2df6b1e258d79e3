from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings

from audit.models import ChangeRecord, SecurityEvent, SecurityKind

if TYPE_CHECKING:
    from django.http import HttpRequest

    from schools.models import School, User

# Keys that may never be written to a record's details: they would copy
# special category data into a log read by people who may not see it.
FORBIDDEN_DETAIL_KEYS = frozenset({"note", "text", "sen_status", "needs", "primary_need"})


def client_ip(request: HttpRequest | None) -> str | None:
    """The browser's address, by the same rule the sign-in throttle uses.

    Behind the proxy REMOTE_ADDR is the proxy's own address, so with
    TRUSTED_PROXY_COUNT proxies in front the address is the one the nearest
    trusted proxy added to X-Forwarded-For; anything further left was written
    by the client and is not believed.
    """
    if request is None:
        return None
    trusted = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= trusted:
            return hops[-trusted][:45] or None
    return request.META.get("REMOTE_ADDR") or None


def record_change(
    *,
    school: School,
    actor: User | None,
    kind: str,
    target_user: User | None = None,
    target: str = "",
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> ChangeRecord:
    """Append one record of a change to the school's record of changes."""
    details = details or {}
    forbidden = FORBIDDEN_DETAIL_KEYS & details.keys()
    if forbidden:
        raise ValueError(f"A change record never holds {', '.join(sorted(forbidden))}.")
    if not target and target_user is not None:
        target = target_user.display_name
    return ChangeRecord.objects.create(
        school=school,
        actor=actor,
        kind=kind,
        target_user=target_user,
        target=target[:200],
        details=details,
        ip=client_ip(request),
    )


def record_security_event(
    kind: str,
    *,
    user: User | None = None,
    email: str = "",
    request: HttpRequest | None = None,
    school: School | None = None,
    details: dict[str, Any] | None = None,
    school_id: int | None = None,
) -> SecurityEvent:
    """Append one security event (a ``SecurityKind`` value): a sign-in, a
    failure, a lockout, an MFA or password change, a refused lookup.

    ``user`` is the account concerned when known; ``email`` what was typed
    (taken from the user when not given). The IP comes from ``request`` by
    the same rule as ``client_ip``. ``details`` holds ids and counts only.
    """
    if kind not in SecurityKind.values:
        raise ValueError(f"Unknown security event {kind!r}.")
    details = details or {}
    forbidden = FORBIDDEN_DETAIL_KEYS & details.keys()
    if forbidden:
        raise ValueError(f"A security event never holds {', '.join(sorted(forbidden))}.")
    if user is not None and not getattr(user, "pk", None):
        user = None
    if not email and user is not None:
        email = user.email
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        email=(email or "")[:254],
        school_id=school.pk if school is not None else school_id,
        ip=client_ip(request),
        details=details,
    )
