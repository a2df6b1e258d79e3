"""Passwords (schools/passwords.py and AUTH_PASSWORD_VALIDATORS): length
counts, not kinds of character."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from schools.models import Role
from tests.factories import make_school, make_user
from tests.mfa import give_totp


def _ok(password: str, user=None) -> bool:
    try:
        validate_password(password, user)
    except ValidationError:
        return False
    return True


@pytest.fixture
def teacher(db):
    return make_user(make_school(), Role.TEACHER, email="r.okafor@example.test")


def test_twelve_characters_without_two_step_sign_in(teacher) -> None:
    assert not _ok("lanternfish", teacher)  # 11
    assert _ok("lanternfishy", teacher)  # 12


def test_eight_characters_with_two_step_sign_in(teacher) -> None:
    give_totp(teacher)
    assert _ok("kestrel9", teacher)  # 8
    assert not _ok("kestrel", teacher)  # 7


def test_long_passphrases_and_no_rules_about_kinds_of_character(teacher) -> None:
    assert _ok("the heron waits by the cold canal every single morning in early march", teacher)
    assert len("the heron waits by the cold canal every single morning in early march") >= 64
    assert _ok("x" * 7 + "orchard lamp " * 19, teacher)  # 254 characters
    assert not _ok("y" * 257, teacher)
    assert _ok("allsmallletters", teacher)
    assert _ok("583920174651", teacher)  # only digits: allowed, length counts


def test_common_and_personal_passwords_are_refused(teacher) -> None:
    assert not _ok("password1234", teacher)
    assert not _ok("qwerty123456", teacher)
    assert not _ok("r.okafor@example.test", teacher)


def test_the_message_says_what_to_do(teacher) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password("short", teacher)
    assert "Use at least 12 characters" in " ".join(refused.value.messages)
