"""Character classes for joining extracted lines, and the "is this page mojibake?" heuristic.

Mojibake from CID fonts without a usable ToUnicode map does not look like random bytes: MuPDF
maps glyph ids through whatever table it has, so the result is a *mix of unrelated scripts*
(Devanagari next to Syriac next to Latin next to IPA), private-use or unassigned code points,
C0/C1 controls, U+FFFD, or - for raw JIS/Shift-JIS bytes read as ASCII - runs of mixed ASCII
punctuation like `$"$$$&$(`. Real text in any one language has long single-script runs, so we
score the page by counting those signals per non-whitespace character. Japanese freely mixes
Han/kana/full-width forms with Latin, so that pair never counts as a script switch.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

# Script buckets. NEUTRAL: digits, punctuation, symbols, combining marks - never a switch.
NEUTRAL, LATIN, CJK, GREEK, CYRILLIC, HEBREW, ARABIC, INDIC, THAI, IPA, OTHER, HANGUL = range(12)

# (first code point, bucket), sorted; a code point belongs to the last start <= it.
_RANGES: tuple[tuple[int, int], ...] = (
    (0x0000, NEUTRAL),
    (0x00C0, LATIN),
    (0x0250, IPA),  # IPA extensions and spacing modifiers: frequent in CID mojibake
    (0x0300, NEUTRAL),  # combining diacritics
    (0x0370, GREEK),
    (0x0400, CYRILLIC),
    (0x0530, OTHER),  # Armenian
    (0x0590, HEBREW),
    (0x0600, ARABIC),
    (0x0700, OTHER),  # Syriac, Thaana, NKo, Samaritan, Mandaic
    (0x0860, ARABIC),
    (0x0900, INDIC),
    (0x0E00, THAI),
    (0x0F00, OTHER),  # Tibetan, Myanmar, Georgian
    (0x1100, HANGUL),
    (0x1200, OTHER),
    (0x1E00, LATIN),
    (0x1F00, GREEK),
    (0x2000, NEUTRAL),  # punctuation, symbols, arrows, box drawing, enclosed alphanumerics
    (0x2E80, CJK),  # radicals, CJK punctuation, kana, bopomofo, CJK ideographs
    (0x3130, HANGUL),
    (0x3190, CJK),
    (0xA000, OTHER),  # Yi, Lisu, Vai, ...
    (0xAC00, HANGUL),
    (0xD7B0, OTHER),
    (0xF900, CJK),  # compatibility ideographs
    (0xFB00, LATIN),  # ligatures
    (0xFB1D, HEBREW),
    (0xFB50, ARABIC),
    (0xFE00, NEUTRAL),
    (0xFE30, CJK),  # CJK compatibility / vertical forms
    (0xFE70, ARABIC),
    (0xFF00, CJK),  # full-width forms and half-width katakana
    (0xFFF0, NEUTRAL),
    (0x10000, OTHER),
    (0x20000, CJK),  # Ext B and later (e.g. U+20BB7)
    (0x40000, OTHER),
)
_STARTS = tuple(r[0] for r in _RANGES)
_BUCKETS = tuple(r[1] for r in _RANGES)

# Latin-1 symbols that essentially only appear in mojibake.
_RARE_LATIN1 = frozenset("¤¦¨¬¯´¸")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_HYPHENS = frozenset("-‐‑‒–−－ｰー")


def bucket(ch: str) -> int:
    cp = ord(ch)
    if cp < 0x80:
        return LATIN if ch.isalpha() else NEUTRAL
    if 0x3040 <= cp < 0xA000:  # the common Japanese case, before the bisect
        return CJK
    return _BUCKETS[bisect_right(_STARTS, cp) - 1]


def is_cjk(ch: str) -> bool:
    """Han, kana, CJK punctuation and full-width forms: scripts written without spaces."""
    cp = ord(ch)
    return (
        0x3000 <= cp < 0xA000
        or 0xF900 <= cp < 0xFB00
        or 0xFE30 <= cp < 0xFE50
        or (0xFF00 <= cp < 0xFFF0 or 0x20000 <= cp < 0x40000)
    )


def is_digit(ch: str) -> bool:
    return "0" <= ch <= "9" or "０" <= ch <= "９"


def is_hyphen(ch: str) -> bool:
    return ch in _HYPHENS


def _is_bad(ch: str, cp: int) -> bool:
    if cp < 0x20 or 0x7F <= cp < 0xA0:
        return ch not in "\t\n\r"
    if cp == 0xFFFD or 0xE000 <= cp < 0xF900 or cp >= 0xF0000 or 0xD800 <= cp < 0xE000:
        return True
    return cp >= 0x250 and unicodedata.category(ch) == "Cn"


# Text made only of these cannot score except through punctuation soup: ASCII, Latin-1 letters
# and common symbols, general punctuation and symbols, CJK, full-width forms, Latin ligatures.
_PLAIN = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u00a3\u00a5\u00a7\u00a9-\u00ab\u00ad\u00ae\u00b0-\u00b3"
    "\u00b5-\u00b7\u00b9-\u024f\u2000-\u2bff\u3000-\u9fff\uff00-\uffef\ufb00-\ufb06]*"
)
_PUNCT_RUN = re.compile(r"[!-/:-@\[-`{-~]{4,}")
_SPACE = re.compile(r"\s+")


def garbled_score(text: str) -> tuple[float, int]:
    """(suspicious signals per non-whitespace char, non-whitespace char count)."""
    if _PLAIN.fullmatch(text):  # the common case, without a Python loop per character
        count = len(text) - sum(len(m) for m in _SPACE.findall(text))
        soup = sum(len(m) for m in _PUNCT_RUN.findall(text) if len(set(m)) >= 2)
        return (soup / count if count else 0.0), count
    suspicious = 0.0
    count = 0
    prev_bucket = NEUTRAL
    punct_run: list[str] = []
    for ch in text:
        if ch.isspace():
            prev_bucket = NEUTRAL
            suspicious += _punct_soup(punct_run)
            continue
        count += 1
        cp = ord(ch)
        if ch in _ASCII_PUNCT:
            punct_run.append(ch)
            prev_bucket = NEUTRAL
            continue
        suspicious += _punct_soup(punct_run)
        if _is_bad(ch, cp) or ch in _RARE_LATIN1:
            suspicious += 1
            prev_bucket = NEUTRAL
            continue
        b = bucket(ch)
        if b != NEUTRAL:
            if prev_bucket not in (NEUTRAL, b) and {prev_bucket, b} != {LATIN, CJK}:
                suspicious += 1
            prev_bucket = b
    suspicious += _punct_soup(punct_run)
    return (suspicious / count if count else 0.0), count


def _punct_soup(run: list[str]) -> int:
    """Length of a run of >= 4 ASCII punctuation chars mixing >= 2 kinds (raw JIS bytes), else 0.

    Clears the run. Leader dots and rules ("......", "----") are one kind and never count.
    """
    n = len(run)
    if not n:
        return 0
    soup = n if n >= 4 and len(set(run)) >= 2 else 0
    run.clear()
    return soup


def quality(text: str) -> tuple[str, int]:
    """("ok" | "empty" | "garbled", non-whitespace char count) for one page's text."""
    score, count = garbled_score(text)
    if count == 0:
        return "empty", 0
    # A few stray symbols on a long page are normal; a short page needs several signals.
    if score >= 0.12 and score * count >= 3:
        return "garbled", count
    return "ok", count
