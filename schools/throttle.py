"""The sign-in throttle (README, "Sign-in throttling"), which never locks a
school out.

Wrong passwords are counted for one account *from one address* together:
at most ``SIGN_IN_FAILURE_LIMIT`` (10) in ``SIGN_IN_FAILURE_WINDOW`` (5
minutes), then that account is refused from that address for
``SIGN_IN_COOL_OFF`` (15 minutes, at most 30). So someone guessing behind a
school's shared address locks nobody else out (other staff on the address
have their own counters), and the account's owner still signs in from any
other address. Each lockout is recorded as a security event.

The counters live in the default cache, which is Redis whenever one is
configured, so every gunicorn worker sees the same counts; ``add`` and
``incr`` are atomic there. Only allauth's sign-in form (and its
reauthentication) pass through here, from ``SchoolAccountAdapter``; a call
of ``django.contrib.auth.authenticate`` without a request is not counted.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from audit.models import SecurityKind
from audit.services import client_ip, record_security_event

PREFIX = "signin-throttle"


def _source(request: HttpRequest, login: str) -> str:
    ip = client_ip(request) or "unknown"
    return hashlib.sha256(f"{login.strip().lower()}|{ip}".encode()).hexdigest()


def failures_key(request: HttpRequest, login: str) -> str:
    return f"{PREFIX}:failures:{_source(request, login)}"


def lock_key(request: HttpRequest, login: str) -> str:
    return f"{PREFIX}:locked:{_source(request, login)}"


def is_locked(request: HttpRequest, login: str) -> bool:
    return bool(login) and cache.get(lock_key(request, login)) is not None


def record_failure(request: HttpRequest, login: str) -> bool:
    """Count one wrong password for ``login`` from the request's address;
    True when this failure locks the pair for the cool-off."""
    if not login:
        return False
    key = failures_key(request, login)
    # The window starts at the first failure: the counter expires with it.
    cache.add(key, 0, timeout=settings.SIGN_IN_FAILURE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.SIGN_IN_FAILURE_WINDOW)
        count = 1
    if count < settings.SIGN_IN_FAILURE_LIMIT:
        return False
    cache.delete(key)
    # add, not set: one lockout (and one record) however many processes see it.
    if not cache.add(lock_key(request, login), 1, timeout=settings.SIGN_IN_COOL_OFF):
        return False
    from schools.models import User

    record_security_event(
        SecurityKind.LOCKED_OUT,
        user=User.objects.filter(email__iexact=login.strip()).first(),
        email=login.strip(),
        request=request,
        details={
            "failures": settings.SIGN_IN_FAILURE_LIMIT,
            "minutes": settings.SIGN_IN_COOL_OFF // 60,
        },
    )
    return True


def clear(request: HttpRequest, login: str) -> None:
    """The right password: the count for this account and address starts again."""
    if login:
        cache.delete(failures_key(request, login))
