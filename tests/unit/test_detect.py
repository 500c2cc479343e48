from __future__ import annotations

import pytest

from service.detect import finalize, merge_overlaps
from service.options import DenyRule, ScanOptions
from service.recognizers.base import Span


def sp(start: int, end: int, etype: str, score: float, validated: bool = False) -> Span:
    return Span(start, end, etype, score, f"r_{etype.lower()}", validated)


@pytest.mark.parametrize(
    ("spans", "winner"),
    [
        # validated beats unvalidated even when shorter and lower scored
        ([sp(0, 12, "PERSON", 0.9), sp(2, 10, "PHONE_NUMBER", 0.8, True)], "PHONE_NUMBER"),
        # a pattern recognizer beats a model's (NER) guess even when shorter
        (
            [Span(0, 12, "PERSON", 0.85, "ginza_ner"), sp(5, 12, "JP_POSTAL_CODE", 0.85)],
            "JP_POSTAL_CODE",
        ),
        # longer beats shorter among equals in validation
        ([sp(0, 4, "PERSON", 0.85), sp(0, 8, "ORGANIZATION", 0.6)], "ORGANIZATION"),
        # equal length: higher score wins
        ([sp(0, 4, "LOCATION", 0.75), sp(0, 4, "PERSON", 0.85)], "PERSON"),
        # complete tie: entity type name decides, so the result is reproducible
        ([sp(0, 4, "PERSON", 0.8), sp(0, 4, "LOCATION", 0.8)], "LOCATION"),
    ],
)
def test_overlap_tie_break(spans: list[Span], winner: str) -> None:
    for order in (spans, list(reversed(spans))):
        merged = merge_overlaps(order)
        assert [s.entity_type for s in merged] == [winner]


def test_non_overlapping_spans_all_survive_sorted() -> None:
    spans = [sp(10, 12, "PERSON", 0.9), sp(0, 5, "PHONE_NUMBER", 1.0, True), sp(5, 10, "URL", 0.9)]
    assert [(s.start, s.end) for s in merge_overlaps(spans)] == [(0, 5), (5, 10), (10, 12)]


def test_threshold_applies_before_merge() -> None:
    text = "x" * 20
    long_weak = sp(0, 20, "LOCATION", 0.3)
    short_strong = sp(2, 6, "PERSON", 0.9)
    out = finalize(text, [long_weak, short_strong], ScanOptions(threshold=0.5))
    assert [(s.start, s.end, s.entity_type) for s in out] == [(2, 6, "PERSON")]


def test_entity_filter_and_allow_list() -> None:
    text = "山田太郎と佐藤花子"
    cands = [sp(0, 4, "PERSON", 0.9), sp(5, 9, "PERSON", 0.9)]
    out = finalize(text, cands, ScanOptions(allow_list=("佐藤花子",)))
    assert [text[s.start : s.end] for s in out] == ["山田太郎"]
    assert finalize(text, cands, ScanOptions(entities=("PHONE_NUMBER",))) == []


def test_deny_list_literal_is_nfkc_matched_and_regex() -> None:
    text = "社員番号EMP-0042 と プロジェクトX"
    opts = ScanOptions(
        deny_list=(
            DenyRule("PERSON", "プロジェクトＸ"),  # full-width X matches normalised text
            DenyRule("JP_MY_NUMBER", r"EMP-\d{4}", regex=True),
        )
    )
    out = finalize(text, [], opts)
    found = {(text[s.start : s.end], s.entity_type, s.validated) for s in out}
    assert found == {("プロジェクトX", "PERSON", True), ("EMP-0042", "JP_MY_NUMBER", True)}
