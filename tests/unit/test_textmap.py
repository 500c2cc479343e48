from __future__ import annotations

import unicodedata

import pytest

from service.textmap import normalize


def test_stable_text_uses_identity_mapping() -> None:
    n = normalize("山田太郎 03-1234-5678")
    assert n.text == "山田太郎 03-1234-5678"
    assert n.starts is None  # fast path: no per-character tables
    assert n.to_original(2, 4) == (2, 4)


@pytest.mark.parametrize(
    ("original", "normalized"),
    [
        ("電話０３－１２３４－５６７８です", "電話03-1234-5678です"),
        ("ｍａｉｌ＠ｅｘａｍｐｌｅ．ｊｐ", "mail@example.jp"),
        ("ｶﾞｷﾞｸﾞ太郎", "ガギグ太郎"),
        ("㈱山田商事", "(株)山田商事"),
        ("㍿テスト", "株式会社テスト"),
        ("①番", "1番"),
        ("𠮷野ｶﾞ", "𠮷野ガ"),
        ("cafe\u0301 ｶﾞ", "café ガ"),
        ("\u1100\u1161\u11a8ｱ", "각ア"),  # conjoining jamo compose across starters
    ],
)
def test_normalized_text_is_nfkc(original: str, normalized: str) -> None:
    n = normalize(original)
    assert n.text == normalized == unicodedata.normalize("NFKC", original)
    assert n.original_length == len(original)


def test_full_width_phone_maps_back_exactly() -> None:
    original = "電話：０３－１２３４－５６７８まで"
    n = normalize(original)
    start = n.text.index("03-1234-5678")
    o = n.to_original(start, start + len("03-1234-5678"))
    assert original[o[0] : o[1]] == "０３－１２３４－５６７８"


def test_half_width_voiced_kana_two_chars_to_one() -> None:
    original = "ｶﾞｽ会社"
    n = normalize(original)
    assert n.text == "ガス会社"
    assert n.to_original(0, 1) == (0, 2)  # ガ came from ｶ + ﾞ
    assert n.to_original(1, 2) == (2, 3)
    assert n.to_original(0, 4) == (0, 5)


def test_expansion_maps_to_whole_original_char() -> None:
    original = "㈱山田"
    n = normalize(original)
    assert n.text == "(株)山田"
    assert n.to_original(1, 2) == (0, 1)  # 株 inside the expansion: all of ㈱
    assert n.to_original(0, 5) == (0, 3)
    assert n.to_original(3, 5) == (1, 3)
    s = normalize("㍿").text
    assert s == "株式会社"
    assert normalize("X㍿Y").to_original(1, 5) == (1, 2)


def test_non_bmp_is_one_char() -> None:
    original = "ｱ𠮷田"
    n = normalize(original)
    assert n.text == "ア𠮷田"
    assert n.to_original(1, 3) == (1, 3)


def test_every_offset_maps_monotonically() -> None:
    original = "ｶﾞ㈱０１e\u0301𠮷①"
    n = normalize(original)
    assert n.starts is not None and n.ends is not None
    assert len(n.starts) == len(n.ends) == len(n.text) + 1
    assert list(n.starts) == sorted(n.starts)
    assert list(n.ends) == sorted(n.ends)
    assert n.to_original(0, len(n.text)) == (0, len(original))
    assert n.to_original(len(n.text), len(n.text)) == (len(original), len(original))


def test_out_of_range_span_rejected() -> None:
    with pytest.raises(ValueError):
        normalize("ａｂ").to_original(0, 3)
