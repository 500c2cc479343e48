"""DATE_OF_BIRTH (西暦, 和暦, English), IP_ADDRESS and URL."""

from __future__ import annotations

from datetime import date

import pytest

from service.recognizers.dates import DateOfBirthRecognizer, wareki_to_date
from service.recognizers.web import IpAddressRecognizer, UrlRecognizer
from tests.unit.test_recognizers_support import found

DOB = DateOfBirthRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("生年月日 1985年4月12日", ["1985年4月12日"]),
        ("生年月日：昭和60年4月12日（39歳）", ["昭和60年4月12日"]),
        ("平成元年1月8日生", ["平成元年1月8日"]),
        ("昭和64年1月7日生まれ", ["昭和64年1月7日"]),
        ("令和2年3月1日生", ["令和2年3月1日"]),
        ("生年月日 S60.4.12", ["S60.4.12"]),
        ("生年月日 H1.1.8", ["H1.1.8"]),
        ("生年月日 1985/04/12", ["1985/04/12"]),
        ("生年月日 1985-04-12", ["1985-04-12"]),
        ("誕生日は１９８５年４月１２日", ["1985年4月12日"]),  # full width
        ("Date of birth: April 12, 1985", ["April 12, 1985"]),
        ("DOB 04/12/1985", ["04/12/1985"]),
        ("DOB: 12 Apr 1985", ["12 Apr 1985"]),
        ("Born 31/12/1985 in Osaka", ["31/12/1985"]),
    ],
)
def test_dob_positive(text: str, expected: list[str]) -> None:
    assert found(DOB, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024年4月1日 発行",  # a date without birth context
        "申込日 1985/04/12",
        "April 12, 1985",
        "生年月日 1985年2月30日",  # not a calendar date
        "生年月日 平成元年1月7日",  # still 昭和 that day
        "生年月日 昭和65年1月1日",  # 昭和 ended in its 64th year
        "生年月日 平成32年1月1日",
        "生年月日 令和元年4月30日",  # still 平成
        "生年月日 年 月 日",  # a blank form
        "生年月日 13/13/1985",
    ],
)
def test_dob_negative(text: str) -> None:
    assert found(DOB, text) == []


def test_date_without_context_is_visible_only_at_a_low_threshold() -> None:
    assert found(DOB, "2024年4月1日", threshold=0.2) == ["2024年4月1日"]


@pytest.mark.parametrize(
    ("era", "year", "expected"),
    [
        ("昭和", 1, None),  # 昭和元年 only ran from 12/25
        ("昭和", 64, date(1989, 1, 7)),
        ("平成", 1, date(1989, 1, 8)),
        ("平成", 31, date(2019, 4, 30)),
        ("令和", 1, date(2019, 5, 1)),
    ],
)
def test_wareki_boundaries(era: str, year: int, expected: date | None) -> None:
    month, day = (expected.month, expected.day) if expected else (1, 1)
    assert wareki_to_date(era, year, month, day) == expected


IP = IpAddressRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IPアドレス192.168.0.1です", ["192.168.0.1"]),
        ("IP:10.0.0.255", ["10.0.0.255"]),
        ("2001:db8::1.", ["2001:db8::1"]),
        ("::ffff:192.0.2.1", ["::ffff:192.0.2.1"]),
        ("::1", ["::1"]),
        ("fe80::1%eth0", ["fe80::1"]),
    ],
)
def test_ip_positive(text: str, expected: list[str]) -> None:
    assert found(IP, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "256.1.1.1",
        "1.2.3.4.5",
        "192.168.01.1",  # leading zeros are ambiguous: ipaddress rejects them
        "バージョン 1.2.3.4",
        "12:30:45",
        "00:1A:2B:3C:4D:5E",
        "a::b",
    ],
)
def test_ip_negative(text: str) -> None:
    assert found(IP, text) == []


URL = UrlRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "詳細はhttps://example.co.jp/path?q=1をご覧ください。",
            ["https://example.co.jp/path?q=1"],
        ),
        (
            "(see https://en.wikipedia.org/wiki/Foo_(bar)).",
            ["https://en.wikipedia.org/wiki/Foo_(bar)"],
        ),
        ("www.example.com.", ["www.example.com"]),
        ("http://localhost:8080/x", ["http://localhost:8080/x"]),
        ("HTTP://EXAMPLE.COM", ["HTTP://EXAMPLE.COM"]),
    ],
)
def test_url_positive(text: str, expected: list[str]) -> None:
    assert found(URL, text) == expected


@pytest.mark.parametrize("text", ["https://foo", "ftp://example.com", "awww.example.com", "www."])
def test_url_negative(text: str) -> None:
    assert found(URL, text) == []
