"""Split page text into NLP-sized chunks at sentence boundaries.

Sudachi rejects a single input over 49,149 bytes and spaCy refuses docs over `max_length`, so
no page may go to the tokenizer whole. Chunks end at a sentence boundary where possible; a
"sentence" with no boundary in sight (a table dumped as one line) is cut at whitespace, or at
a hard character limit as the last resort.
"""

from __future__ import annotations

import re

# A sentence ends after 。！？!? (plus closing brackets/quotes), or at a line break.
_BOUNDARY = re.compile(r"[。．！？!?][」』）)\]〕】\"'”’]*|\n+")
_SOFT_BREAK = re.compile(r"[\s、，,;；]")

# 4,000 characters is at most 16,000 UTF-8 bytes even for non-BMP text: far below Sudachi's cap.
HARD_LIMIT = 4000


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace-only pieces dropped, covering all content."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if text[pos:end].strip():
            spans.append((pos, end))
        pos = end
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def _cut_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    while end - start > limit:
        cut = start + limit
        # Prefer the last soft break in the second half of the window, so no word is split.
        window = text[start + limit // 2 : cut]
        soft = [m.end() for m in _SOFT_BREAK.finditer(window)]
        if soft:
            cut = start + limit // 2 + soft[-1]
        elif 0xDC00 <= ord(text[cut - 1]) <= 0xDFFF:  # pragma: no cover - str has no surrogates
            cut -= 1
        pieces.append((start, cut))
        start = cut
    if start < end:
        pieces.append((start, end))
    return pieces


def chunk_spans(text: str, target: int = 1000, limit: int = HARD_LIMIT) -> list[tuple[int, int]]:
    """Pack consecutive sentences into chunks of about `target` chars, never over `limit`."""
    if target > limit:
        raise ValueError("target must not exceed limit")
    chunks: list[tuple[int, int]] = []
    cur_start: int | None = None
    cur_end = 0
    for s, e in sentence_spans(text):
        if e - s > limit:
            if cur_start is not None:
                chunks.append((cur_start, cur_end))
                cur_start = None
            chunks.extend(_cut_long(text, s, e, limit))
            continue
        if cur_start is None:
            cur_start, cur_end = s, e
        elif e - cur_start <= target:
            cur_end = e
        else:
            chunks.append((cur_start, cur_end))
            cur_start, cur_end = s, e
    if cur_start is not None:
        chunks.append((cur_start, cur_end))
    return chunks
