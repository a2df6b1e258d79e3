from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class SchoolAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by the school, never by sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
