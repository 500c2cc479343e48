from __future__ import annotations

import itertools

import pytest

from service.sentences import HARD_LIMIT, chunk_spans, sentence_spans


def test_sentences_split_on_japanese_and_latin_ends() -> None:
    text = "山田です。よろしく！OK? 次の行\n最後"
    parts = [text[s:e] for s, e in sentence_spans(text)]
    assert parts == ["山田です。", "よろしく！", "OK?", " 次の行\n", "最後"]


def test_chunks_cover_all_content_and_respect_limits() -> None:
    text = ("東京都に住む山田太郎です。" * 400) + ("あ" * 20000) + "終わり。"
    chunks = chunk_spans(text, target=1000)
    assert all(e - s <= HARD_LIMIT for s, e in chunks)
    # Sudachi's input cap is in bytes.
    assert all(len(text[s:e].encode()) < 49149 for s, e in chunks)
    # Nothing but whitespace is lost, and chunks are in order without overlap.
    assert "".join(text[s:e] for s, e in chunks) == text
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(chunks))


@pytest.mark.parametrize("n", [0, 1, 999, 1000, 1001, 4000, 4001, 12345])
def test_unbroken_text_is_cut_at_hard_limit(n: int) -> None:
    text = "𠮷" * n
    chunks = chunk_spans(text, target=1000)
    assert "".join(text[s:e] for s, e in chunks) == text
    assert all(0 < e - s <= HARD_LIMIT for s, e in chunks)


def test_long_line_prefers_soft_breaks() -> None:
    text = "、".join(["氏名山田太郎"] * 2000)
    chunks = chunk_spans(text, target=1000)
    assert all(text[e - 1] == "、" for _s, e in chunks[:-1])
