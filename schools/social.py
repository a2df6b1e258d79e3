"""Microsoft and Google sign-in (allauth.socialaccount), used only when a
deployment configures them (sendit/settings.py, README).

The school makes every account: signing in with Microsoft or Google reaches
an account that already exists with the same email address, and never makes
one. The two-step rule of schools/mfa.py still applies afterwards: allauth
asks for the authenticator code of an account that has one, and someone
whose role requires it and has none is sent to set it up, whatever the
provider checked on its side (we cannot see whether it did).
"""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest


class SchoolSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False
