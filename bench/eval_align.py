"""Find each rendered sentence in the extracted page text and map its gold spans there.

Extraction may change whitespace (line joins, a dropped trailing space, "\\n" for a wrap) and
a few glyphs come back as a different code point (the CJK font's wave dash is read back as
U+FF5E). So we align on the whitespace-free, folded character sequence and keep, for every
sentence character, the page offset it landed on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.eval_data import Sample

# Code points that the built-in CJK font round-trips as another code point.
_FOLD = str.maketrans({"〜": "～", "−": "－", "‐": "-", "—": "―"})
_WINDOW = 400  # how far past the cursor a sentence may start (page furniture, stray glyphs)


def squeeze(text: str) -> tuple[str, list[int]]:
    """Whitespace-free, folded text and the original offset of each kept character."""
    kept = [(c, i) for i, c in enumerate(text) if not c.isspace()]
    return "".join(c for c, _ in kept).translate(_FOLD), [i for _, i in kept]


@dataclass(frozen=True, slots=True)
class Placed:
    """A sentence found on its page: `offsets[i]` is the page offset of sentence char i
    (-1 for whitespace that has no counterpart)."""

    index: int  # into the dataset's samples
    offsets: tuple[int, ...]
    page_start: int
    page_end: int

    def to_page(self, start: int, end: int) -> tuple[int, int] | None:
        """Page span covering the sentence span's non-space characters (None if it has none)."""
        inside = [o for o in self.offsets[start:end] if o >= 0]
        return (inside[0], inside[-1] + 1) if inside else None


def align_page(page_text: str, samples: Sequence[Sample], indices: Sequence[int]) -> list[Placed]:
    """Place the page's sentences in order; the ones that cannot be found are left out."""
    flat, where = squeeze(page_text)
    cursor = 0
    placed: list[Placed] = []
    for idx in indices:
        sq, own = squeeze(samples[idx].text)
        if not sq:
            continue
        pos = flat.find(sq, cursor, cursor + len(sq) + _WINDOW)
        if pos < 0:
            continue
        offsets = [-1] * len(samples[idx].text)
        for k, i in enumerate(own):
            offsets[i] = where[pos + k]
        placed.append(Placed(idx, tuple(offsets), where[pos], where[pos + len(sq) - 1] + 1))
        cursor = pos + len(sq)
    return placed


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Span without leading/trailing whitespace, so boundaries compare like gold spans do."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
