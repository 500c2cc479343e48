"""NFKC normalisation that remembers where every normalised character came from.

Recognizers work on NFKC text (`０３－１２３４` → `03-1234`, `ｶﾞ` → `ガ`, `㍿` → `株式会社`), but
findings must point into the page text as extracted, whose characters carry the boxes.

The text is cut into segments that NFKC normalises independently - a starter plus the
combining marks that follow it (`ｶ` + `ﾞ`, `e` + U+0301) - so every normalised character maps to
exactly one original segment. A normalised span maps to the union of the segments it touches,
so a span ending inside an expansion (`(株` of `㈱`) still covers the whole original `㈱`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NormalizedText:
    text: str
    original_length: int
    # starts[k]: original offset where normalised char k's segment starts (k = len: the end).
    # ends[k]: original offset where the segment of normalised char k - 1 ends (ends[0] = 0).
    # Both None when normalisation changed nothing: offsets are then identical.
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span [ostart, oend) that normalised span [start, end) came from."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}..{end} outside 0..{len(self.text)}")
        if self.starts is None or self.ends is None:
            return start, end
        if start == end:
            point = self.starts[start]
            return point, point
        return self.starts[start], self.ends[end]


def normalize(text: str) -> NormalizedText:
    if unicodedata.is_normalized("NFKC", text):  # fast path: no per-character work
        return NormalizedText(text, len(text))
    segments = _segments(text)
    pieces = [unicodedata.normalize("NFKC", text[a:b]) for a, b in segments]
    if "".join(pieces) != unicodedata.normalize("NFKC", text):
        # A starter composed with the starter before it (Hangul jamo, some Indic vowel signs):
        # merge segments until each normalises on its own.
        segments, pieces = _merge_until_independent(text, segments)
    starts: list[int] = []
    ends: list[int] = [0]
    for (a, b), piece in zip(segments, pieces, strict=True):
        if len(piece) == b - a:  # one-to-one (the usual case): keep per-character precision
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
        else:
            starts.extend([a] * len(piece))
            ends.extend([b] * len(piece))
    starts.append(len(text))
    return NormalizedText("".join(pieces), len(text), tuple(starts), tuple(ends))


def _segments(text: str) -> list[tuple[int, int]]:
    """Split before every character whose decomposition starts with a starter (ccc 0)."""
    bounds = [0]
    for i in range(1, len(text)):
        ch = text[i]
        if ch.isascii() or unicodedata.combining(unicodedata.normalize("NFKD", ch)[:1] or ch) == 0:
            bounds.append(i)
    bounds.append(len(text))
    return [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]


def _merge_until_independent(
    text: str, segments: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[str]]:
    merged: list[tuple[int, int]] = []
    for a, b in segments:
        if merged:
            pa, pb = merged[-1]
            joint = unicodedata.normalize("NFKC", text[pa:b])
            if joint != unicodedata.normalize("NFKC", text[pa:pb]) + unicodedata.normalize(
                "NFKC", text[a:b]
            ):
                merged[-1] = (pa, b)
                continue
        merged.append((a, b))
    return merged, [unicodedata.normalize("NFKC", text[a:b]) for a, b in merged]
