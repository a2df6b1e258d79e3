"""Security events from Django's and allauth's signals: sign-ins, failures,
sign-outs, password and email changes, and changes to two-step sign-in.

Lockouts are recorded by whoever decides them, with
``audit.services.record_security_event(SecurityKind.LOCKED_OUT, ...)``.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from django.apps import apps
from django.contrib.auth import signals as auth_signals

from audit.models import SecurityKind
from audit.services import record_security_event


def _typed_email(credentials: dict[str, Any]) -> str:
    for key in ("email", "username", "login"):
        value = credentials.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def on_logged_in(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    record_security_event(SecurityKind.SIGNED_IN, user=user, request=request)


def on_logged_out(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    if user is not None:
        record_security_event(SecurityKind.SIGNED_OUT, user=user, request=request)


def on_login_failed(
    sender: Any, credentials: dict[str, Any] | None = None, request: Any = None, **kwargs: Any
) -> None:
    # Django replaces the password with asterisks before sending the signal;
    # only the typed email is kept.
    email = _typed_email(credentials or {})
    from schools.models import User

    user = User.objects.filter(email__iexact=email).first() if email else None
    record_security_event(SecurityKind.SIGN_IN_FAILED, user=user, email=email, request=request)


def _event(kind: str) -> Any:
    def handler(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
        authenticator = kwargs.get("authenticator")
        details = {"type": str(authenticator.type)} if authenticator is not None else {}
        record_security_event(kind, user=user, request=request, details=details)

    handler.__name__ = f"on_{kind}"
    return handler


def on_authenticator_used(
    sender: Any, request: Any = None, user: Any = None, **kwargs: Any
) -> None:
    """A recovery code used to sign in (or to confirm it is you); the app's
    codes are part of an ordinary sign-in, recorded as that."""
    authenticator = kwargs.get("authenticator")
    if authenticator is not None and str(authenticator.type) == "recovery_codes":
        record_security_event(
            SecurityKind.RECOVERY_CODE_USED,
            user=user,
            request=request,
            details={"type": "recovery_codes"},
        )


HANDLERS = {
    "added": _event(SecurityKind.MFA_ADDED),
    "removed": _event(SecurityKind.MFA_REMOVED),
    "reset": _event(SecurityKind.RECOVERY_CODES_MADE),
    "failed": _event(SecurityKind.MFA_FAILED),
    "password_changed": _event(SecurityKind.PASSWORD_CHANGED),
    "password_reset": _event(SecurityKind.PASSWORD_RESET),
    "email_changed": _event(SecurityKind.EMAIL_CHANGED),
}


def connect() -> None:
    auth_signals.user_logged_in.connect(on_logged_in, dispatch_uid="audit_logged_in")
    auth_signals.user_logged_out.connect(on_logged_out, dispatch_uid="audit_logged_out")
    auth_signals.user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failed")
    account_signals.password_changed.connect(
        HANDLERS["password_changed"], dispatch_uid="audit_pw_changed"
    )
    account_signals.password_reset.connect(
        HANDLERS["password_reset"], dispatch_uid="audit_pw_reset"
    )
    account_signals.email_changed.connect(HANDLERS["email_changed"], dispatch_uid="audit_email")
    if not apps.is_installed("allauth.mfa"):
        return
    from allauth.mfa import signals as mfa_signals

    mfa_signals.authenticator_added.connect(HANDLERS["added"], dispatch_uid="audit_mfa_added")
    mfa_signals.authenticator_removed.connect(HANDLERS["removed"], dispatch_uid="audit_mfa_rm")
    mfa_signals.authenticator_reset.connect(HANDLERS["reset"], dispatch_uid="audit_mfa_reset")
    mfa_signals.authentication_failed.connect(HANDLERS["failed"], dispatch_uid="audit_mfa_fail")
    mfa_signals.authenticator_used.connect(on_authenticator_used, dispatch_uid="audit_mfa_used")
