"""PHONE_NUMBER and EMAIL_ADDRESS, including values glued to kana/kanji and full-width input."""

from __future__ import annotations

import pytest

from service.recognizers.email import EmailRecognizer
from service.recognizers.phone import PhoneRecognizer
from tests.unit.test_recognizers_support import found

JA = PhoneRecognizer(("JP",))
EN = PhoneRecognizer(("JP", "US"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("電話03-1234-5678まで", ["03-1234-5678"]),
        ("(03)1234-5678", ["(03)1234-5678"]),
        ("03(1234)5678", ["03(1234)5678"]),
        ("携帯090-1234-5678へ", ["090-1234-5678"]),
        ("携帯 080 1234 5678", ["080 1234 5678"]),
        ("070-1234-5678", ["070-1234-5678"]),
        ("0120-123-456", ["0120-123-456"]),
        ("0800-123-4567", ["0800-123-4567"]),
        ("050-1234-5678", ["050-1234-5678"]),
        ("+81-3-1234-5678", ["+81-3-1234-5678"]),
        ("+81 90 1234 5678", ["+81 90 1234 5678"]),
        ("+81 (0)3-1234-5678 まで", ["+81 (0)3-1234-5678"]),
        ("０３－１２３４－５６７８", ["03-1234-5678"]),  # full width, after NFKC
        ("TEL03-1234-5678FAX03-1234-5679", ["03-1234-5678", "03-1234-5679"]),
        ("TEL.06-6123-4567", ["06-6123-4567"]),
        ("電話 0312345678", ["0312345678"]),  # digits only: the label makes it a phone
        ("03-1234-5678 2024年", ["03-1234-5678"]),  # the next number is not swallowed
        ("(03-1234-5678)", ["03-1234-5678"]),
        ("03ー1234ー5678", ["03ー1234ー5678"]),  # long-vowel mark typed as a dash
    ],
)
def test_japanese_phone_positive(text: str, expected: list[str]) -> None:
    assert found(JA, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "03-0000-0000",  # invalid per libphonenumber
        "011-123-4567",  # too short for a JP number
        "0312345678",  # bare digits without context: below threshold
        "AB0312345678",  # part of a code
        "1234 5678 9012",  # a My Number shape
        "4111 1111 1111 1111",  # a card number
        "2024-04-12",
        "〒160-0023",
        "(212) 555-0123",  # US numbers are not tried for Japanese text
    ],
)
def test_phone_negative(text: str) -> None:
    assert found(JA, text) == []


def test_bare_digits_are_visible_below_threshold() -> None:
    assert found(JA, "0312345678", threshold=0.3) == ["0312345678"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call (212) 555-0123 today", ["(212) 555-0123"]),
        ("Phone: +1 212 555 0123", ["+1 212 555 0123"]),
        ("London +44 20 7946 0958", ["+44 20 7946 0958"]),
        ("Tel: 03-1234-5678", ["03-1234-5678"]),
    ],
)
def test_english_phone(text: str, expected: list[str]) -> None:
    assert found(EN, text) == expected


EMAIL = EmailRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("メールはtaro@example.jpです", ["taro@example.jp"]),
        ("連絡先：taro.yamada+x@mail.example.co.jp。", ["taro.yamada+x@mail.example.co.jp"]),
        ("user@example.com.", ["user@example.com"]),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐまで", ["taro@example.jp"]),  # full width, after NFKC
        ("a@b.c.d.e.f.gh", ["a@b.c.d.e.f.gh"]),
        ("a@x.jp,b@y.jp", ["a@x.jp", "b@y.jp"]),
    ],
)
def test_email_positive(text: str, expected: list[str]) -> None:
    assert found(EMAIL, text) == expected


@pytest.mark.parametrize(
    "text",
    ["a@b", "foo@example.c", "x@-bad.com", "x..y@ex.com", "taro@example.123", "@@@", "x.@ex.com"],
)
def test_email_negative(text: str) -> None:
    assert found(EMAIL, text) == []
