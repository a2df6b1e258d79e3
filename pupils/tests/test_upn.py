from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pupils.upn import check_letter, make_upn, upn_problem, validate_upn

VALID = make_upn("873401223001")


def test_made_upns_are_valid() -> None:
    assert len(VALID) == 13
    assert upn_problem(VALID) is None
    assert upn_problem(VALID.lower()) is None  # typed in lower case


def test_a_known_upn() -> None:
    # Weights 2 to 13 over "801234567890" sum to 436; 436 % 23 = 22, the 23rd letter "Z".
    assert check_letter("801234567890") == "Z"
    assert upn_problem("Z801234567890") is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("A12", "A UPN has 13 characters; this one has 3."),
        ("I873401223001", "A UPN starts with a check letter"),
        ("A87340122X001", "Characters 2 to 12 of a UPN must be digits."),
        ("A87340122300S", "The last character of a UPN must be a digit"),
    ],
)
def test_problems_say_why(value, message) -> None:
    assert upn_problem(value).startswith(message)


def test_wrong_check_letter_names_the_expected_one() -> None:
    wrong = ("B" if VALID[0] != "B" else "C") + VALID[1:]
    assert upn_problem(wrong) == (
        f"The check letter does not match the rest of the UPN (expected {VALID[0]})."
    )


def test_temporary_upn_with_a_final_letter() -> None:
    assert upn_problem(make_upn("87340122300A")) is None


def test_validate_upn_raises_with_the_reason() -> None:
    with pytest.raises(ValidationError, match="13 characters"):
        validate_upn("123")
    validate_upn(VALID)
