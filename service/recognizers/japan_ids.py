"""Japanese identifiers that have no checksum and so lean on context: 郵便番号, 運転免許証番号,
旅券番号. (Bank accounts, whose context is part of the pattern, live in bank_account.py.)"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.recognizers.address import PREFECTURE_ALT
from service.recognizers.base import Span
from service.recognizers.charsets import (
    DASHES,
    FIRST_DIGIT_OF_GROUPS,
    NO_DIGIT_RUN_AFTER,
)
from service.recognizers.context import NONE, context_before, keywords, scored

# 〒 is kept by NFKC; the number alone is the span (the mark is a label, not personal data).
_POSTAL = re.compile(
    rf"[0-9](?<![0-9A-Za-z{DASHES}].)[0-9]{{2}}(?P<dash>[{DASHES}]?)[0-9]{{4}}"
    rf"(?![0-9A-Za-z])(?![{DASHES}][0-9])",
    re.ASCII,
)
_MARK = re.compile(r"〒 ?\Z")
_POSTAL_CONTEXT = keywords(["郵便番号", "〒", "postal code", "zip code", "postcode", "zip"])
# The address a postal code heads: where the 〒 mark is a printed graphic (envelopes, label
# sheets, invoices) the number stands alone, but the next word, on its line or the next, is
# the prefecture.
_PREFECTURE_NEXT = re.compile(rf"[ \u3000]{{0,2}}\n?[ \u3000]{{0,2}}(?:{PREFECTURE_ALT})")

_LICENSE = re.compile(
    FIRST_DIGIT_OF_GROUPS + r"[0-9]{3}([ \-]?)[0-9]{4}\1[0-9]{4}" + NO_DIGIT_RUN_AFTER, re.ASCII
)
_LICENSE_CONTEXT = keywords(
    ["免許証番号", "運転免許", "免許番号", "免許証", "driver's license", "driver license"]
)

_PASSPORT = re.compile(r"[A-Z](?<![0-9A-Za-z].)[A-Z][0-9]{7}(?![0-9A-Za-z])", re.ASCII)
_PASSPORT_CONTEXT = keywords(["旅券", "パスポート", "passport"])


class PostalCodeRecognizer:
    name = "jp_postal_code"
    entities = frozenset({"JP_POSTAL_CODE"})
    languages = frozenset({"ja"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _POSTAL.finditer(text):
            start, end = m.start(), m.end()
            if _MARK.search(text[max(0, start - 2) : start]):
                yield Span(start, end, "JP_POSTAL_CODE", 0.95, self.name, validated=True)
                continue
            strength = context_before(text, start, _POSTAL_CONTEXT)
            if m.group("dash") and strength == NONE and _PREFECTURE_NEXT.match(text, end):
                yield Span(start, end, "JP_POSTAL_CODE", 0.85, self.name)
            elif m.group("dash"):
                # 123-4567 is also a part number, an extension…: weak without a label.
                yield Span(start, end, "JP_POSTAL_CODE", scored(strength, 0.3, 0.9), self.name)
            elif strength > NONE:
                # A bare 7-digit run is only a postal code when labelled.
                yield Span(start, end, "JP_POSTAL_CODE", scored(strength, 0.0, 0.85), self.name)


class DriverLicenseRecognizer:
    name = "jp_driver_license"
    entities = frozenset({"JP_DRIVER_LICENSE"})
    languages = frozenset({"ja"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _LICENSE.finditer(text):
            # Twelve digits are anything (a My Number, an order number): context is required.
            strength = context_before(text, m.start(), _LICENSE_CONTEXT)
            if strength > NONE:
                score = scored(strength, 0.0, 0.9)
                yield Span(m.start(), m.end(), "JP_DRIVER_LICENSE", score, self.name)


class PassportRecognizer:
    name = "jp_passport"
    entities = frozenset({"JP_PASSPORT"})
    languages = frozenset({"ja", "en"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _PASSPORT.finditer(text):
            # Two letters + seven digits is also a model/serial number shape.
            score = scored(context_before(text, m.start(), _PASSPORT_CONTEXT), 0.3, 0.9)
            yield Span(m.start(), m.end(), "JP_PASSPORT", score, self.name)
