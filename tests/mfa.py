"""Two-step sign-in for tests: the codes of an account's authenticator app.

Every test that signs in through the form (the browser's ``sign_in``, the
server path's ``Proxy.sign_in``) calls ``code_for`` when the code page comes
up. The factories give each SENDCo, senior leader and school admin an
authenticator app with ``TEST_TOTP_SECRET`` (the demo accounts have
``demo.schools.DEMO_TOTP_SECRET``); ``code_for`` reads the account's own key.
"""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import cache

from demo.schools import DEMO_TOTP_SECRET

TEST_TOTP_SECRET = DEMO_TOTP_SECRET
PERIOD = 30


def totp_code(secret: str, *, at: float | None = None, step: int = 0) -> str:
    """The code an authenticator app shows for ``secret`` at ``at`` (now),
    ``step`` periods of 30 seconds later."""
    counter = int(time.time() if at is None else at) // PERIOD + step
    return format_hotp_value(hotp_value(secret, counter))


def give_totp(user, secret: str = TEST_TOTP_SECRET) -> Authenticator:
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret).instance


def code_for(email: str) -> str:
    """A code the server will take now for ``email``'s authenticator app.

    allauth takes each code once (it marks it used in the cache for a
    period), and the codes one step either side of now (MFA_TOTP_TOLERANCE):
    this picks one not used yet, waiting for the next period if all are, so
    that a test signing the same person in twice in 30 seconds still works.
    """
    authenticator = Authenticator.objects.get(
        user__email__iexact=email, type=Authenticator.Type.TOTP
    )
    totp = TOTP(authenticator)
    secret = authenticator.data["secret"]
    while True:
        for step in range(settings.MFA_TOTP_TOLERANCE + 1):
            code = totp_code(secret, step=step)
            if cache.get(totp._get_used_cache_key(code)) is None:
                return code
        time.sleep(PERIOD - time.time() % PERIOD + 0.1)


def client_sign_in(client, email: str, password: str):
    """Sign in with Django's test client through allauth's form, then the
    code page when the account has an authenticator app; follows redirects
    and returns the last response (its ``redirect_chain`` covers both steps)."""
    from django.urls import reverse

    response = client.post(
        reverse("account_login"), {"login": email, "password": password}, follow=True
    )
    if response.redirect_chain and response.redirect_chain[-1][0] == reverse("mfa_authenticate"):
        chain = response.redirect_chain
        response = client.post(reverse("mfa_authenticate"), {"code": code_for(email)}, follow=True)
        response.redirect_chain = chain + response.redirect_chain
    return response
