"""PHONE_NUMBER: Japanese (and, for English, NANP-style) numbers, validated by libphonenumber.

A cheap regex finds runs of digits and phone separators; libphonenumber decides. Space-separated
runs may join a phone number to the next number on the line ("03-1234-5678 2024"), so a run that
is not valid as a whole is retried as shorter groups of its space-separated chunks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import phonenumbers

from service.recognizers.base import Span
from service.recognizers.charsets import DASHES, digits_only
from service.recognizers.context import context_after, context_before, keywords, scored

# Possessive: a separator is only taken when a digit/paren follows, so no backtracking is needed.
_CANDIDATE = re.compile(
    rf"[+(0-9](?<![0-9+{DASHES}].)(?<![0-9]\..)"  # first char, not continuing a number
    r"(?:(?<=\+) ?(?:\( ?)?[0-9]|(?<=\() ?[0-9]|(?<=[0-9]))"  # ... up to the first digit
    rf"(?:[0-9]|[ .{DASHES}] ?(?=[0-9(])| ?\( ?(?=[0-9])|\)[ {DASHES}]?(?=[0-9]))*+"
    r"(?![0-9])",
    re.ASCII,
)
# Latin letters may touch the number only when they are a label ("TEL03-…") or the next label
# ("…5678FAX"); otherwise the digits are part of some code such as "AB0312345678".
_LABEL_TAIL = re.compile(r"(?:tel|fax|phone|mobile|cell|ph|mob|tel\.|no\.?)$", re.IGNORECASE)
_LABEL_HEAD = re.compile(r"(?:tel|fax|e-?mail|mail|url|mobile|phone|http|www)", re.IGNORECASE)
_CONTEXT = keywords(
    ["tel", "fax", "phone", "mobile", "cell", "電話", "携帯", "ファックス", "ファクス", "連絡先"]
)
# Japanese puts the verb after the number: 「03-1234-5678までお問い合わせください」.
_CONTEXT_AFTER = keywords(["問い合わせ", "問合せ", "お電話", "ご連絡", "連絡", "電話"])
_CHUNK = re.compile(r"\S+")
_MAX_CHUNKS = 6  # a phone number written with spaces has at most ~5 groups (+81 90 1234 5678)


class PhoneRecognizer:
    name = "phone"
    entities = frozenset({"PHONE_NUMBER"})
    languages = frozenset({"ja", "en"})

    def __init__(self, regions: tuple[str, ...] = ("JP",)) -> None:
        # Tried in order for numbers written without a country code; "+…" needs no region.
        self.regions = regions

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _CANDIDATE.finditer(text):
            if not self._boundaries_ok(text, m.start(), m.end()):
                continue
            yield from self._spans_in(text, m.start(), m.end())

    @staticmethod
    def _boundaries_ok(text: str, start: int, end: int) -> bool:
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if _is_latin(before) and not _LABEL_TAIL.search(text, max(0, start - 8), start):
            return False
        return not _is_latin(after) or _LABEL_HEAD.match(text, end) is not None

    def _spans_in(self, text: str, start: int, end: int) -> Iterator[Span]:
        if end - start < 8:
            return  # fewer than 8 characters cannot hold the 8+ digits of any phone number
        chunks = [(m.start(), m.end()) for m in _CHUNK.finditer(text, start, end)]
        # Digits before each chunk, so a window's digit count costs one subtraction: long
        # space-separated runs ("12 12 12 …", tables) must not cost a slice per window.
        before = [0]
        for s, e in chunks:
            before.append(before[-1] + len(digits_only(text[s:e])))
        i = 0
        while i < len(chunks):
            lo, hi = self._digit_range(text[chunks[i][0] : chunks[i][0] + 2])
            for j in range(min(len(chunks), i + _MAX_CHUNKS), i, -1):
                if not lo <= before[j] - before[i] <= hi:
                    continue
                s, e = _trim_parens(text, chunks[i][0], chunks[j - 1][1])
                span = self._validate(text, s, e)
                if span is not None:
                    yield span
                    i = j
                    break
            else:
                i += 1

    def _validate(self, text: str, start: int, end: int) -> Span | None:
        piece = text[start:end]
        n_digits = len(digits_only(piece))
        if not 8 <= n_digits <= 15:
            return None
        if not self._is_valid(piece):
            return None
        strength = max(
            context_before(text, start, _CONTEXT), context_after(text, end, _CONTEXT_AFTER)
        )
        # A bare 10/11-digit run may be any ID: only context makes it a phone number.
        low, high = (0.4, 0.85) if piece.isdigit() else (0.95, 1.0)
        score = scored(strength, low, high)
        return Span(start, end, "PHONE_NUMBER", score, self.name, validated=True)

    def _digit_range(self, head: str) -> tuple[int, int]:
        """How many digits a number starting with `head` can have in the regions tried: a cheap
        number-plan test so libphonenumber (~0.1 ms a call) only sees possible numbers."""
        first = head[1:2] if head.startswith("(") else head[:1]
        if head.startswith("+"):
            return 8, 15
        if first == "0":
            return (10, 11) if "JP" in self.regions else (1, 0)
        if "US" not in self.regions:
            return 1, 0  # an empty range
        return (11, 11) if first == "1" else (10, 10)

    def _is_valid(self, piece: str) -> bool:
        regions: tuple[str | None, ...] = (None,) if piece.startswith("+") else self.regions
        for region in regions:
            try:
                number = phonenumbers.parse(piece, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return True
        return False


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _trim_parens(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop an unbalanced leading "(" or trailing ")" that belongs to the sentence."""
    piece = text[start:end]
    opened, closed = piece.count("("), piece.count(")")
    if opened > closed and piece.startswith("("):
        start += 1
    elif closed > opened and piece.endswith(")"):
        end -= 1
    return start, end
