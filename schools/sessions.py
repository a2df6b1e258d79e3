"""How long a signed-in session lasts, and the list of a person's devices.

- **A new session on sign-in**: Django's ``login()`` gives the browser a new
  session key (the one it had before, signed out, is deleted), so a key
  somebody planted before sign-in is worth nothing after it.
- **Idle timeout** (``SESSION_IDLE_SECONDS``, 30 minutes): each request the
  person makes moves the session's last activity on (kept in the session,
  written at most every ``ACTIVE_EVERY`` seconds). Requests that are not the
  person's doing do not: the pages' own polling (a report being made, an
  import running: their htmx elements send ``X-Sendit-Passive``) and the
  warning script asking how long is left. Autosaves are the person typing,
  so they count. A request after the idle time ends the session.
- **Absolute limit** (``SESSION_ABSOLUTE_SECONDS``, 12 hours from sign-in):
  the session ends whatever the activity. The cookie lasts as long.
- **The warning** (``SESSION_IDLE_WARNING_SECONDS`` before, one minute):
  static/js/session-timeout.js shows a dialog with "Stay signed in", which
  posts to ``schools:session_stay``; text being typed is kept on the device
  by keep-typing.js whether or not the session ends.
- **Other sessions end** on the server when the person signs out, changes or
  resets their password, or is deactivated, and from "Your signed-in
  devices" (``UserSession``, one row per signed-in browser).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from audit.models import SecurityKind
from audit.services import client_ip, record_security_event
from schools.models import User, UserSession
from schools.services import user_sessions_end

SIGNED_IN_AT = "_sendit_signed_in_at"  # epoch seconds; "_" keeps it across a school switch
ACTIVE_AT = "_sendit_active_at"
ROW_AT = "_sendit_row_at"  # when this session's UserSession row was last brought up to date
ROW_KEY = "_sendit_row_key"  # the session key that row is for (a password change cycles it)
PASSIVE_HEADER = "X-Sendit-Passive"
ACTIVE_EVERY = 30
ROW_EVERY = 60

IDLE_MESSAGE = (
    "You were signed out because nothing happened for {minutes} minutes. "
    "Anything you were typing is kept on this device: sign in to carry on."
)
ABSOLUTE_MESSAGE = (
    "You were signed out because it is {hours} hours since you signed in. "
    "Anything you were typing is kept on this device: sign in to carry on."
)


@dataclass(frozen=True)
class Remaining:
    """Seconds left before the session ends for want of activity, and before
    its absolute limit."""

    idle: int
    absolute: int

    @property
    def seconds(self) -> int:
        return max(0, min(self.idle, self.absolute))

    @property
    def can_stay(self) -> bool:
        """Whether staying signed in gives more time (not at the absolute limit)."""
        return self.absolute > self.idle

    @property
    def warning(self) -> int:
        return settings.SESSION_IDLE_WARNING_SECONDS

    @property
    def absolute_hours(self) -> int:
        return settings.SESSION_ABSOLUTE_SECONDS // 3600

    def as_json(self) -> dict[str, object]:
        return {
            "signed_in": True,
            "seconds_left": self.seconds,
            "can_stay": self.can_stay,
            "warning_seconds": self.warning,
        }


def remaining(request: HttpRequest, now: float | None = None) -> Remaining:
    now = time.time() if now is None else now
    session = request.session
    idle = settings.SESSION_IDLE_SECONDS - (now - session.get(ACTIVE_AT, now))
    absolute = settings.SESSION_ABSOLUTE_SECONDS - (now - session.get(SIGNED_IN_AT, now))
    return Remaining(idle=int(idle), absolute=int(absolute))


def is_passive(request: HttpRequest) -> bool:
    """A request the page made by itself (polling, the warning's own check)."""
    return bool(request.headers.get(PASSIVE_HEADER)) or request.path == reverse(
        "schools:session_status"
    )


def _when(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def session_row_touch(request: HttpRequest, now: float, user: User | None = None) -> None:
    """Bring this session's row in "Your signed-in devices" up to date (made
    again when missing: a session from before the list, or a key cycled by a
    password change)."""
    session = request.session
    key = session.session_key
    if not key:
        session.save()
        key = session.session_key
    assert key is not None
    owner: User = user or request.user  # type: ignore[assignment]
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": owner,
            "last_seen": _when(now),
            "user_agent": request.headers.get("User-Agent", "")[:300],
            "ip": client_ip(request),
        },
        create_defaults={
            "user": owner,
            "signed_in_at": _when(session.get(SIGNED_IN_AT, now)),
            "last_seen": _when(now),
            "user_agent": request.headers.get("User-Agent", "")[:300],
            "ip": client_ip(request),
        },
    )
    session[ROW_AT] = now
    session[ROW_KEY] = key


def session_started(request: HttpRequest, user: User | None = None) -> None:
    """At sign-in (the key is already the new one)."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[ACTIVE_AT] = now
    session_row_touch(request, now, user)


def session_end(request: HttpRequest, reason: str) -> None:
    """End this request's session (``reason`` tells the sign-out signal that
    this is not the person signing out, so their other sessions stay)."""
    request.session_ended = reason  # type: ignore[attr-defined]
    logout(request)


class SessionLimitsMiddleware:
    """Ends a session that was idle too long or reached its absolute limit,
    and otherwise notes the person's activity. After the message middleware
    (it leaves a message for the sign-in page) and before the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        now = time.time()
        session = request.session
        if SIGNED_IN_AT not in session:
            # A session from before these limits: they count from now.
            session_started(request)
        left = remaining(request, now)
        if left.absolute <= 0:
            session_end(request, "absolute")
            hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
            messages.info(request, ABSOLUTE_MESSAGE.format(hours=hours))
            return
        if left.idle <= 0:
            session_end(request, "idle")
            minutes = settings.SESSION_IDLE_SECONDS // 60
            messages.info(request, IDLE_MESSAGE.format(minutes=minutes))
            return
        request.session_limits = left  # type: ignore[attr-defined]
        if is_passive(request):
            return
        if now - session.get(ACTIVE_AT, 0) >= min(
            ACTIVE_EVERY, settings.SESSION_IDLE_SECONDS // 60
        ):
            session[ACTIVE_AT] = now
        if now - session.get(ROW_AT, 0) >= ROW_EVERY or session.get(ROW_KEY) != (
            session.session_key
        ):
            session_row_touch(request, now)
        request.session_limits = remaining(request, now)  # type: ignore[attr-defined]


def sessions_end_elsewhere(request: HttpRequest, user: User, reason: str) -> int:
    """End every other session of ``user`` (keeping this request's, when it
    is theirs) and record it when there were any."""
    current = getattr(request, "user", None)
    keep = request.session.session_key if current is not None and current.pk == user.pk else None
    return sessions_ended_record(request, user, user_sessions_end(user=user, keep=keep), reason)


def sessions_ended_record(request: HttpRequest, user: User, ended: int, reason: str) -> int:
    """A security event for sessions ended at once (none when there were none)."""
    if ended:
        record_security_event(
            SecurityKind.SESSIONS_ENDED,
            user=user,
            request=request,
            details={"ended": ended, "reason": reason},
        )
    return ended


# Signal receivers (connected in schools.apps).


def on_logged_in(
    sender: Any, request: HttpRequest | None = None, user: User | None = None, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session") and user is not None:
        session_started(request, user)


def on_logged_out(
    sender: Any, request: HttpRequest | None = None, user: User | None = None, **kwargs: Any
) -> None:
    """Signing out ends the person's other sessions too; a session that timed
    out, or "sign out everywhere" (which has ended them itself), ends alone."""
    if request is None or user is None:
        return
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).delete()
    if getattr(request, "session_ended", None) is None:
        sessions_end_elsewhere(request, user, "signed_out")


def on_password_changed(
    sender: Any, request: HttpRequest | None = None, user: User | None = None, **kwargs: Any
) -> None:
    """A changed or set password ends every other session of the account;
    this one (its key already cycled by allauth) carries on."""
    if request is None or user is None:
        return
    sessions_end_elsewhere(request, user, "password_changed")
    if request.session.session_key:
        session_row_touch(request, time.time(), user)


def on_password_reset(
    sender: Any, request: HttpRequest | None = None, user: User | None = None, **kwargs: Any
) -> None:
    if request is None or user is None:
        return
    sessions_ended_record(request, user, user_sessions_end(user=user), "password_reset")


# "Your signed-in devices": the browser and system, from the user agent.

_BROWSERS = [
    ("Edge", re.compile(r"Edg(e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/|Opera")),
    ("Samsung Internet", re.compile(r"SamsungBrowser/")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/|Chromium/")),
    ("Safari", re.compile(r"Safari/")),
]
_SYSTEMS = [
    ("iPad", re.compile(r"iPad")),
    ("iPhone", re.compile(r"iPhone")),
    ("Android", re.compile(r"Android")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Windows", re.compile(r"Windows")),
    ("Mac", re.compile(r"Macintosh|Mac OS X")),
    ("Linux", re.compile(r"Linux")),
]


def device_summary(user_agent: str) -> str:
    """'Chrome on Windows', 'Safari on iPad'; 'An unknown browser' when the
    user agent says nothing we know."""
    browser = next((name for name, pattern in _BROWSERS if pattern.search(user_agent)), "")
    system = next((name for name, pattern in _SYSTEMS if pattern.search(user_agent)), "")
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or f"A browser on {system}"
    return "An unknown browser"
