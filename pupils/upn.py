"""Unique pupil numbers (UPN) with the DfE check letter.

A UPN is 13 characters: a check letter, then the 3-digit local authority
code, the 4-digit establishment number, the 2-digit year of allocation and a
3-character serial (the last may be a letter in a temporary UPN). The check
letter is the weighted sum of characters 2 to 13 (weights 2 to 13), modulo
23, read from the 23-letter alphabet below (no I, O or S).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"


def _value(char: str) -> int:
    if char.isdigit():
        return int(char)
    return ALPHABET.index(char)


def check_letter(body: str) -> str:
    """The check letter for the 12 characters after it."""
    total = sum(_value(char) * weight for weight, char in enumerate(body, start=2))
    return ALPHABET[total % 23]


def make_upn(body: str) -> str:
    return check_letter(body) + body


def upn_problem(value: str) -> str | None:
    """Why a UPN is not valid, in words a SENDCo can act on; None when valid."""
    upn = value.strip().upper()
    if len(upn) != 13:
        return f"A UPN has 13 characters; this one has {len(upn)}."
    first, middle, last = upn[0], upn[1:12], upn[12]
    if first not in ALPHABET:
        return "A UPN starts with a check letter (A to Z, not I, O or S)."
    if not middle.isdigit():
        return "Characters 2 to 12 of a UPN must be digits."
    if not (last.isdigit() or last in ALPHABET):
        return "The last character of a UPN must be a digit or a letter other than I, O or S."
    expected = check_letter(upn[1:])
    if first != expected:
        return f"The check letter does not match the rest of the UPN (expected {expected})."
    return None


def validate_upn(value: str) -> None:
    problem = upn_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_upn")
