"""Check-digit algorithms against public examples and self-generated numbers."""

from __future__ import annotations

import random

import pytest

from service.recognizers.checksums import (
    iban_mod97_ok,
    is_valid_corporate_number,
    is_valid_my_number,
    luhn_ok,
)
from tests.unit.test_recognizers_support import make_corporate_number, make_my_number


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("123456789018", True),  # the commonly published test value
        ("123456789012", False),
        ("123456789010", False),
        ("12345678901", False),
        ("1234567890180", False),
    ],
)
def test_my_number(number: str, valid: bool) -> None:
    assert is_valid_my_number(number) is valid


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("7000012050002", True),  # NTA sample (国税庁)
        ("1000012050002", False),
        ("700001205000", False),
    ],
)
def test_corporate_number(number: str, valid: bool) -> None:
    assert is_valid_corporate_number(number) is valid


def test_generated_numbers_validate_and_a_changed_digit_does_not() -> None:
    rng = random.Random(3)
    for _ in range(200):
        my = make_my_number(rng)
        assert is_valid_my_number(my)
        wrong = my[:11] + str((int(my[11]) + 1) % 10)
        assert not is_valid_my_number(wrong)
        corp = make_corporate_number(rng)
        assert is_valid_corporate_number(corp)
        assert not is_valid_corporate_number(str((int(corp[0]) + 1) % 10) + corp[1:])


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("4111111111111111", True), ("4111111111111112", False), ("378282246310005", True)],
)
def test_luhn(digits: str, valid: bool) -> None:
    assert luhn_ok(digits) is valid


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("GB82WEST12345698765432", True),
        ("DE89370400440532013000", True),
        ("DE89370400440532013001", False),
        ("GB82WEST1234569876543!", False),
    ],
)
def test_iban_mod97(iban: str, valid: bool) -> None:
    assert iban_mod97_ok(iban) is valid
