from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


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
