"""Pattern-based ORGANIZATION, LOCATION and PERSON."""

from __future__ import annotations

import pytest

from service.recognizers.address import PREFECTURES, AddressRecognizer
from service.recognizers.organization import OrganizationRecognizer
from service.recognizers.person_context import PersonContextRecognizer
from tests.unit.test_recognizers_support import found

ORG = OrganizationRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("当社は山田商事株式会社に", ["山田商事株式会社"]),
        ("株式会社山田商事は", ["株式会社山田商事"]),
        ("株式会社山田商事代表取締役山田太郎", ["株式会社山田商事"]),
        ("㈱ABC", ["(株)ABC"]),  # NFKC turns ㈱ into (株)
        ("ソニー㈱の", ["ソニー(株)"]),
        ("発行者 株式会社 山田商事", ["株式会社 山田商事"]),
        ("ABC Holdings 株式会社", ["ABC Holdings 株式会社"]),
        ("一般社団法人日本テスト協会", ["一般社団法人日本テスト協会"]),
        ("特定非営利活動法人ABCネット", ["特定非営利活動法人ABCネット"]),
        ("弊社山田商事株式会社", ["山田商事株式会社"]),
        ("医療法人社団山田会", ["医療法人社団山田会"]),
        ("Acme Widgets, Inc. announced", ["Acme Widgets, Inc."]),
        ("Sony Group Corporation", ["Sony Group Corporation"]),
        ("Foo Co., Ltd.", ["Foo Co., Ltd."]),
    ],
)
def test_organization_positive(text: str, expected: list[str]) -> None:
    assert found(ORG, text) == expected


@pytest.mark.parametrize("text", ["会社名：株式会社", "株式会社の設立", "有限会社は", "an Inc."])
def test_organization_negative(text: str) -> None:
    assert found(ORG, text) == []


ADDRESS = AddressRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("東京都新宿区西新宿2-8-1 都庁ビル 301号室", ["東京都新宿区西新宿2-8-1 都庁ビル 301号室"]),
        (
            "沖縄県鎌ケ谷市三筋15丁目25番15号 台東コート533",
            ["沖縄県鎌ケ谷市三筋15丁目25番15号 台東コート533"],
        ),
        ("住所：新宿区西新宿2-8-1", ["新宿区西新宿2-8-1"]),
        ("東京都新宿区西新宿2-8-1にある", ["東京都新宿区西新宿2-8-1"]),
        ("東京都新宿区西新宿2-8-1 電話03-1234-5678", ["東京都新宿区西新宿2-8-1"]),
        ("埼玉県さいたま市浦和区高砂3-15-1", ["埼玉県さいたま市浦和区高砂3-15-1"]),
        ("北海道札幌市中央区北1条西2丁目", ["北海道札幌市中央区北1条西2丁目"]),
        ("所在地 大阪市北区梅田1-1-1-301", ["大阪市北区梅田1-1-1-301"]),
        ("東京都目黒区自由が丘1-2-3", ["東京都目黒区自由が丘1-2-3"]),
        ("東京都新宿区在住の会社員", ["東京都新宿区"]),
    ],
)
def test_address_positive(text: str, expected: list[str]) -> None:
    assert found(ADDRESS, text) == expected


@pytest.mark.parametrize(
    "text", ["東京都知事", "東京都庁", "京都府立大学", "西新宿2-8-1", "住所：", "住所 未定"]
)
def test_address_negative(text: str) -> None:
    assert found(ADDRESS, text) == []


def test_there_are_47_prefectures() -> None:
    assert len(set(PREFECTURES)) == 47


PERSON = PersonContextRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("氏名：山田太郎", ["山田太郎"]),
        ("氏名 山田 太郎", ["山田 太郎"]),
        ("氏名山田太郎生年月日1985年", ["山田太郎"]),
        ("担当者：鈴木", ["鈴木"]),
        ("代表取締役社長 佐藤一郎", ["佐藤一郎"]),
        ("氏名は田中花子です", ["田中花子"]),
        ("Name: John Smith", ["John Smith"]),
        ("山田様", ["山田"]),
        ("山田太郎様へ", ["山田太郎"]),
        ("営業部山田様", ["山田"]),
        ("服部様", ["服部"]),
        ("山田 太郎 様", ["山田 太郎"]),
        ("タナカさんと", ["タナカ"]),
    ],
)
def test_person_positive(text: str, expected: list[str]) -> None:
    assert found(PERSON, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "お名前をご記入ください",
        "氏名欄に記入",
        "氏名（フリガナ）",
        "ご担当者様",
        "皆様",
        "お客様",
        "院長先生",
        "株式会社山田商事様",
        "営業部様",
        "氏名",
    ],
)
def test_person_negative(text: str) -> None:
    assert found(PERSON, text) == []


def test_person_scores_stay_below_validated_types() -> None:
    spans = list(PERSON.analyze("氏名：山田太郎 山田様"))
    assert spans and all(0.6 <= s.score <= 0.75 and not s.validated for s in spans)
