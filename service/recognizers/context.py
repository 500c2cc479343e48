"""The one context lookup every recognizer uses: is a keyword near the match?

Context is looked for in a window of characters before (or after) the match. A keyword on the
same line counts fully; a keyword on an earlier line still inside the window counts for less,
because PDF forms often put the label in one cell and the value in the next line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WINDOW = 20

SAME_LINE = 1.0
NEAR_LINE = 0.5
NONE = 0.0


def keywords(words: Iterable[str], *, ignore_case: bool = True) -> re.Pattern[str]:
    """Compile literal keywords into one alternation, longest first so the longest wins."""
    ordered = sorted(set(words), key=len, reverse=True)
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile("|".join(re.escape(w) for w in ordered), flags)


def context_before(text: str, start: int, words: re.Pattern[str], window: int = WINDOW) -> float:
    """SAME_LINE, NEAR_LINE or NONE: where a keyword sits in the `window` chars before `start`."""
    lo = max(0, start - window)
    line_start = text.rfind("\n", lo, start) + 1
    if line_start and words.search(text, line_start, start):
        return SAME_LINE
    if not line_start and words.search(text, lo, start):
        return SAME_LINE
    if line_start and words.search(text, lo, line_start):
        return NEAR_LINE
    return NONE


def context_after(text: str, end: int, words: re.Pattern[str], window: int = WINDOW) -> float:
    """Like context_before, looking at the `window` chars after `end` (e.g. 「…日生まれ」)."""
    hi = min(len(text), end + window)
    line_end = text.find("\n", end, hi)
    if line_end == -1:
        return SAME_LINE if words.search(text, end, hi) else NONE
    if words.search(text, end, line_end):
        return SAME_LINE
    return NEAR_LINE if words.search(text, line_end, hi) else NONE


def scored(strength: float, without: float, with_context: float) -> float:
    """Pick a score from the context strength; an earlier-line keyword costs a little."""
    if strength >= SAME_LINE:
        return with_context
    if strength > NONE:
        return round(with_context - 0.05, 4)
    return without
