"""Checksummed numbers: My Number, corporate number, credit card, IBAN, US SSN."""

from __future__ import annotations

import random

import pytest

from service.recognizers.credit_card import CreditCardRecognizer
from service.recognizers.iban import IbanRecognizer
from service.recognizers.numbers import CorporateNumberRecognizer, MyNumberRecognizer
from service.recognizers.us_ssn import UsSsnRecognizer
from tests.unit.test_recognizers_support import found, make_card, make_my_number

MY = MyNumberRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("個人番号 1234 5678 9018", ["1234 5678 9018"]),
        ("個人番号：123456789018です", ["123456789018"]),
        ("マイナンバー1234-5678-9018", ["1234-5678-9018"]),
        ("個人番号\n123456789018", ["123456789018"]),  # label in the cell above
        ("個人番号 １２３４ ５６７８ ９０１８", ["1234 5678 9018"]),  # full width
    ],
)
def test_my_number_positive(text: str, expected: list[str]) -> None:
    assert found(MY, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "個人番号 123456789012",  # wrong check digit: never a My Number
        "個人番号 1234 5678 9012",
        "個人番号",  # a label alone
        "個人番号 □□□□□□□□□□□□",  # a blank form
        "基礎年金番号 1234-567890",
        "123456789018",  # right check digit but no context: below threshold
        "個人番号 1234 5678-9018",  # mixed separators
        "4111 1111 1111 1111",  # inside a card number
        "1234567890180",  # part of a longer number
    ],
)
def test_my_number_negative(text: str) -> None:
    assert found(MY, text) == []


def test_my_number_without_context_is_visible_at_a_low_threshold() -> None:
    assert found(MY, "番号 123456789018", threshold=0.4) == ["123456789018"]


def test_generated_my_numbers_are_found_with_context() -> None:
    rng = random.Random(11)
    for _ in range(100):
        number = make_my_number(rng)
        assert found(MY, f"マイナンバー：{number}。") == [number]


CORP = CorporateNumberRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("法人番号 7000012050002", ["7000012050002"]),
        ("登録番号：T7000012050002", ["7000012050002"]),
        ("T7000012050002", ["7000012050002"]),  # invoice registration number
    ],
)
def test_corporate_positive(text: str, expected: list[str]) -> None:
    assert found(CORP, text) == expected


@pytest.mark.parametrize(
    "text", ["法人番号 1000012050002", "7000012050002", "X7000012050002", "法人番号"]
)
def test_corporate_negative(text: str) -> None:
    assert found(CORP, text) == []


CARD = CreditCardRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("カード番号4111111111111111", ["4111111111111111"]),
        ("4111 1111 1111 1111 で決済", ["4111 1111 1111 1111"]),
        ("4111-1111-1111-1111", ["4111-1111-1111-1111"]),
        ("Amex 3782 822463 10005", ["3782 822463 10005"]),
        ("JCB 3530111333300000", ["3530111333300000"]),
        ("5555555555554444", ["5555555555554444"]),
        ("2223003122003222", ["2223003122003222"]),
        ("Diners 3056 930902 5904", ["3056 930902 5904"]),
        ("6011111111111117", ["6011111111111117"]),
        ("6200000000000005", ["6200000000000005"]),
    ],
)
def test_card_positive(text: str, expected: list[str]) -> None:
    assert found(CARD, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "4111111111111112",  # Luhn fails
        "9111111111111119",  # Luhn ok (by construction below), unknown issuer
        "4111 1111 1111 1111 1111 1111",  # too long a run
        "4111 1111-1111 1111",  # mixed separators
        "41 1111 1111 1111 11",  # not card grouping
        "1234567890123",
    ],
)
def test_card_negative(text: str) -> None:
    assert found(CARD, text) == []


def test_generated_cards() -> None:
    rng = random.Random(5)
    for prefix, length in [("4", 16), ("51", 16), ("34", 15), ("35", 16), ("65", 16)]:
        number = make_card(rng, prefix, length)
        assert found(CARD, f"カード：{number}") == [number]
    unknown = make_card(rng, "91", 16)
    assert found(CARD, unknown) == []


IBAN = IbanRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IBAN DE89 3704 0044 0532 0130 00 BIC", ["DE89 3704 0044 0532 0130 00"]),
        ("GB82WEST12345698765432", ["GB82WEST12345698765432"]),
        ("口座GB82 WEST 1234 5698 7654 32です", ["GB82 WEST 1234 5698 7654 32"]),
    ],
)
def test_iban_positive(text: str, expected: list[str]) -> None:
    assert found(IBAN, text) == expected


@pytest.mark.parametrize(
    "text",
    ["DE89 3704 0044 0532 0130 01", "GB82WEST1234569876543", "ZZ82WEST12345698765432", "DE89"],
)
def test_iban_negative(text: str) -> None:
    assert found(IBAN, text) == []


SSN = UsSsnRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("SSN 123-45-6789", ["123-45-6789"]), ("Social Security: 078-05-1120.", ["078-05-1120"])],
)
def test_ssn_positive(text: str, expected: list[str]) -> None:
    assert found(SSN, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "SSN 000-12-3456",
        "SSN 666-12-3456",
        "SSN 912-12-3456",
        "SSN 123-00-4567",
        "SSN 123-45-0000",
        "1123-45-6789",
        "123-45-67890",
    ],
)
def test_ssn_negative(text: str) -> None:
    assert found(SSN, text) == []
