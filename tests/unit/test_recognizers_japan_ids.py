"""Context-dependent Japanese identifiers: postal code, bank account, licence, passport."""

from __future__ import annotations

import pytest

from service.recognizers.bank_account import BankAccountRecognizer
from service.recognizers.japan_ids import (
    DriverLicenseRecognizer,
    PassportRecognizer,
    PostalCodeRecognizer,
)
from tests.unit.test_recognizers_support import found

POSTAL = PostalCodeRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("〒160-0023 東京都新宿区", ["160-0023"]),
        ("〒1600023", ["1600023"]),
        ("〒 160-0023", ["160-0023"]),
        ("郵便番号 160-0023", ["160-0023"]),
        ("郵便番号：1600023", ["1600023"]),
        ("〒１６０－００２３", ["160-0023"]),  # full width, after NFKC
        ("〒160ー0023", ["160ー0023"]),
        # The 〒 mark printed as a graphic: the prefecture after the number is the context.
        ("160-0023 東京都新宿区西新宿2-8-1", ["160-0023"]),
        ("送付先\n530-0001\n大阪府大阪市北区梅田1-1", ["530-0001"]),
    ],
)
def test_postal_positive(text: str, expected: list[str]) -> None:
    assert found(POSTAL, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1600023",  # a bare 7-digit number is not a postal code
        "160-0023",  # hyphenated but unlabelled: below threshold
        "160-0023 東京",  # a city name is not the head of an address
        "1600023 東京都新宿区",  # a bare 7-digit run needs a label even before an address
        "03-1234-5678",
        "〒160-00234",
        "品番 1600-023",
    ],
)
def test_postal_negative(text: str) -> None:
    assert found(POSTAL, text) == []


def test_unlabelled_hyphenated_postal_code_scores_low() -> None:
    assert found(POSTAL, "160-0023", threshold=0.3) == ["160-0023"]
    assert found(POSTAL, "1600023", threshold=0.0) == []


BANK = BankAccountRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("振込先はみずほ銀行 渋谷支店 普通 1234567です", ["みずほ銀行 渋谷支店 普通 1234567"]),
        ("三菱UFJ銀行新宿支店普通預金1234567", ["三菱UFJ銀行新宿支店普通預金1234567"]),
        ("渋谷支店 当座 7654321", ["渋谷支店 当座 7654321"]),
        ("口座番号：1234567", ["1234567"]),  # no bank name: the number alone
        ("普通預金 口座番号 0012345", ["0012345"]),
    ],
)
def test_bank_positive(text: str, expected: list[str]) -> None:
    assert found(BANK, text) == expected


@pytest.mark.parametrize(
    "text", ["1234567", "普通の12345678", "口座番号", "口座振替 1234567円", "普通 123456"]
)
def test_bank_negative(text: str) -> None:
    assert found(BANK, text) == []


LICENSE = DriverLicenseRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("運転免許証番号 第123456789012号", ["123456789012"]),
        ("免許証番号：1234 5678 9012", ["1234 5678 9012"]),
    ],
)
def test_license_positive(text: str, expected: list[str]) -> None:
    assert found(LICENSE, text) == expected


@pytest.mark.parametrize("text", ["123456789012", "個人番号 123456789018", "運転免許証番号"])
def test_license_negative(text: str) -> None:
    assert found(LICENSE, text, threshold=0.0) == []


PASSPORT = PassportRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("旅券番号 TK1234567", ["TK1234567"]), ("Passport No.: TK1234567", ["TK1234567"])],
)
def test_passport_positive(text: str, expected: list[str]) -> None:
    assert found(PASSPORT, text) == expected


@pytest.mark.parametrize(
    "text", ["TK1234567", "旅券番号 TK12345678", "パスポート ATK1234567", "旅券番号 tk1234567"]
)
def test_passport_negative(text: str) -> None:
    assert found(PASSPORT, text) == []
