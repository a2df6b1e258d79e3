"""Sign-ins, failures, sign-outs and two-step sign-in changes are recorded as
security events, with the address they came from and never a password."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AppendOnlyError, SecurityEvent, SecurityKind
from audit.services import record_security_event
from tests.factories import PASSWORD


def _sign_in(client, email: str, password: str):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR="198.51.100.4",
    )


def test_a_failed_and_a_good_sign_in_are_recorded(client, cast) -> None:
    _sign_in(client, cast.teacher.email, "not the password at all")
    failed = SecurityEvent.objects.get(kind=SecurityKind.SIGN_IN_FAILED)
    assert failed.user == cast.teacher
    assert failed.email == cast.teacher.email
    assert failed.ip == "198.51.100.4"
    assert "not the password" not in str(failed.details)

    _sign_in(client, cast.teacher.email, PASSWORD)
    signed_in = SecurityEvent.objects.get(kind=SecurityKind.SIGNED_IN)
    assert signed_in.user == cast.teacher
    assert signed_in.ip == "198.51.100.4"

    client.post(reverse("account_logout"), REMOTE_ADDR="198.51.100.4")
    assert SecurityEvent.objects.filter(kind=SecurityKind.SIGNED_OUT, user=cast.teacher).exists()


def test_a_failure_for_an_unknown_email_keeps_what_was_typed(client, cast) -> None:
    _sign_in(client, "nobody@nowhere.test", "whatever-it-was")
    event = SecurityEvent.objects.get(kind=SecurityKind.SIGN_IN_FAILED)
    assert event.user is None
    assert event.email == "nobody@nowhere.test"


@pytest.mark.skipif(not apps.is_installed("allauth.mfa"), reason="allauth.mfa is not installed yet")
def test_mfa_signals_are_recorded(cast) -> None:
    from allauth.mfa import signals

    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.9")
    signals.authenticator_added.send(sender=None, request=request, user=cast.sendco)
    signals.authenticator_removed.send(sender=None, request=request, user=cast.sendco)
    kinds = set(SecurityEvent.objects.filter(user=cast.sendco).values_list("kind", flat=True))
    assert {SecurityKind.MFA_ADDED, SecurityKind.MFA_REMOVED} <= kinds


def test_a_lockout_is_recorded_by_the_helper_and_never_edited(cast) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.10")
    event = record_security_event(
        SecurityKind.LOCKED_OUT, email=cast.ta.email, request=request, details={"failures": 10}
    )
    assert event.ip == "192.0.2.10"
    event.details = {}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(ValueError):
        record_security_event("made_up", email="x@y.test")
