from __future__ import annotations

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from schools import throttle


def _login(credentials: dict[str, Any]) -> str:
    value = credentials.get("email") or credentials.get("username") or ""
    return value if isinstance(value, str) else ""


class SchoolAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by the school, never by sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Name the account's school in every account email (subject and text);
        allauth would otherwise name the host the request came in on."""
        # A worker names the school the email is sent for; otherwise the
        # person's school when they have only one (none is guessed for
        # someone who works in several).
        school = getattr(self.request, "sendit_school", None)
        if school is None:
            school = getattr(context.get("user"), "school", None)
        super().send_mail(template_prefix, email, {**context, "school": school})

    def format_email_subject(self, subject: str) -> str:
        return f"sendit: {subject}"

    # The sign-in throttle (schools/throttle.py) in place of allauth's, which
    # counts per address alone and per account alone.
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        if throttle.is_locked(request, _login(credentials)):
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        user = super().authenticate(request, **credentials)
        if user is not None:
            throttle.clear(request, _login(credentials))
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        throttle.record_failure(request, _login(credentials))

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Changing two-step sign-in asks for the password again, except to
        set up the first authenticator app within five minutes of signing in
        (the password was just typed: the setup that schools/mfa.py sends
        someone to straight after signing in does not ask twice)."""
        required = bool(super().is_reauthentication_required(app=app, **kwargs))
        request = context.request
        if not required or app != "allauth.mfa" or request is None:
            return required
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != "mfa_activate_totp":
            return required
        records = request.session.get("account_authentication_methods") or []
        signed_in_at = max((float(r.get("at", 0)) for r in records), default=0.0)
        return time.time() - signed_in_at >= settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


class SchoolMFAAdapter(DefaultMFAAdapter):
    """The authenticator app of someone whose role requires two-step sign-in
    (schools/mfa.py) cannot be removed, only replaced by setting it up again
    after a school admin's reset."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": (
            "Your role in the school needs two-step sign-in, so it cannot be turned off."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        from schools.mfa import requires_mfa
        from schools.models import User

        user = authenticator.user
        if authenticator.type == Authenticator.Type.TOTP and isinstance(user, User):
            return not requires_mfa(user)
        return True

    def get_totp_issuer(self) -> str:
        return str(settings.MFA_TOTP_ISSUER)
