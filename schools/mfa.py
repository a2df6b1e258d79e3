"""Two-step sign-in, required for the roles that open the most (README,
"Two-step sign-in").

Anyone holding the SENDCo, SLT or school-admin role in any school where
they work (an active membership) must have an authenticator app set up
(allauth.mfa's TOTP) before any other page opens: until then every page
except the account pages (two-step setup, reauthentication, password,
sign-out), static files and the health check sends them to the setup page,
which says why. For everyone else it is optional (the account page offers it).

The rule is worked out once when someone signs in (``user_logged_in``, so
``Client.force_login`` in tests too) and kept in the session, so a page
costs no query for it. It is worked out again when an authenticator is
added or removed, and when the active membership holds one of the roles
but the session says the rule did not apply (a role given since signing in).
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import signals as auth_signals
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_htmx.http import HttpResponseClientRedirect

from schools.middleware import SignedInGate
from schools.models import Membership, Role, User

# The roles that must use two-step sign-in.
MFA_ROLES: tuple[str, ...] = (Role.SENDCO, Role.SLT, Role.SCHOOL_ADMIN)

# Kept with the sign-in (prefix "_": the school switch keeps it).
SESSION_KEY = "_sendit_mfa"
OK = "ok"  # set up (whether required or not)
SETUP = "setup"  # required and not set up yet
OPTIONAL = "optional"  # not required and not set up


def requires_mfa(user: User) -> bool:
    """Whether ``user`` holds a role that needs two-step sign-in in any
    school where they still work."""
    held = Q()
    for role in MFA_ROLES:
        held |= Q(**{f"is_{role}": True})
    return Membership.objects.filter(held, user=user, is_active=True).exists()


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_state(user: User) -> str:
    if has_totp(user):
        return OK
    return SETUP if requires_mfa(user) else OPTIONAL


def remember_state(request: HttpRequest | None, user: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None and isinstance(user, User):
        session[SESSION_KEY] = mfa_state(user)


def on_logged_in(
    sender: Any, request: HttpRequest | None = None, user: Any = None, **_: Any
) -> None:
    remember_state(request, user)


def on_authenticator_changed(
    sender: Any, request: HttpRequest | None = None, user: Any = None, **_: Any
) -> None:
    remember_state(request, user)


def on_authenticator_added(
    sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any
) -> None:
    """Setting up the app took a right code from it: that counts as confirming
    it is you, so the recovery codes shown next open without the password."""
    remember_state(request, user)
    authenticator = kwargs.get("authenticator")
    if request is not None and authenticator is not None and isinstance(user, User):
        from allauth.account.internal.flows.login import record_authentication

        record_authentication(
            request, user, "mfa", reauthenticated=True, type=str(authenticator.type)
        )


def connect() -> None:
    auth_signals.user_logged_in.connect(on_logged_in, dispatch_uid="schools_mfa_logged_in")
    from allauth.mfa import signals as mfa_signals

    mfa_signals.authenticator_added.connect(
        on_authenticator_added, dispatch_uid="schools_mfa_added"
    )
    mfa_signals.authenticator_removed.connect(
        on_authenticator_changed, dispatch_uid="schools_mfa_removed"
    )


class MfaRequiredMiddleware(SignedInGate):
    """Sends someone who must use two-step sign-in, and has not set it up, to
    the setup page (an htmx request is told to load that page whole)."""

    def exempt_prefixes(self) -> tuple[str, ...]:
        accounts = reverse("account_login").rsplit("login/", 1)[0]
        return (accounts, reverse("healthz"), settings.STATIC_URL or "/static/")

    def signed_in(self, request: HttpRequest, user: User) -> HttpResponse:
        session = request.session
        state = session.get(SESSION_KEY)
        membership = user.membership  # read already by ActiveSchoolMiddleware
        if state is None or (
            state == OPTIONAL and membership is not None and membership.has_role(*MFA_ROLES)
        ):
            state = session[SESSION_KEY] = mfa_state(user)
        request.sendit_mfa_required = state == SETUP  # type: ignore[attr-defined]
        if state == SETUP and not self._is_exempt(request.path):
            setup = reverse("mfa_activate_totp")
            # (HtmxMiddleware runs later: read the header itself.)
            if request.headers.get("HX-Request") == "true":
                return HttpResponseClientRedirect(setup)
            return HttpResponseRedirect(setup)
        return self.get_response(request)


def context(request: HttpRequest) -> dict[str, Any]:
    """``mfa_can_turn_off`` for the two-step pages, asked only when a template
    reads it (a lazy value costs nothing elsewhere); ``social_providers``."""

    def can_turn_off() -> bool:
        user = request.user
        return isinstance(user, User) and not requires_mfa(user)

    return {"mfa_can_turn_off": SimpleLazyObject(can_turn_off), "social_providers": _social()}


_SOCIAL_NAMES = {"microsoft": "Microsoft", "google": "Google"}


def _social() -> list[dict[str, str]]:
    """The sign-in page's "Sign in with ..." buttons: the providers this
    deployment configured (sendit/settings.py), none by default."""
    return [
        {"name": _SOCIAL_NAMES.get(key, key), "url": reverse(f"{key}_login")}
        for key in getattr(settings, "SOCIAL_PROVIDERS", {})
    ]
