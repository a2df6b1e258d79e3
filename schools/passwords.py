"""The length rule for passwords (README, "Passwords").

Length is what makes a password hard to guess, so there is no rule about
kinds of character: at least 12 characters, or 8 for an account that has
two-step sign-in on (the password is then not the only thing standing in
the way), and passphrases up to ``max_length`` accepted.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def _has_mfa(user: Any) -> bool:
    if user is None or getattr(user, "pk", None) is None:
        return False
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class LengthValidator:
    def __init__(
        self, min_length: int = 12, min_length_with_mfa: int = 8, max_length: int = 256
    ) -> None:
        self.min_length = min_length
        self.min_length_with_mfa = min_length_with_mfa
        self.max_length = max_length

    def minimum_for(self, user: Any = None) -> int:
        return self.min_length_with_mfa if _has_mfa(user) else self.min_length

    def validate(self, password: str, user: Any = None) -> None:
        minimum = self.minimum_for(user)
        if len(password) < minimum:
            raise ValidationError(
                f"Use at least {minimum} characters: a few ordinary words together work well.",
                code="password_too_short",
                params={"min_length": minimum},
            )
        if len(password) > self.max_length:
            raise ValidationError(
                f"Use at most {self.max_length} characters.",
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return (
            f"At least {self.min_length} characters ({self.min_length_with_mfa} with two-step "
            f"sign-in on), up to {self.max_length}. A few ordinary words together make a good "
            "password; no special characters are needed."
        )
