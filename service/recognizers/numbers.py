"""Japanese checksummed identifiers: 個人番号 (JP_MY_NUMBER) and 法人番号 (JP_CORPORATE_NUMBER).

A wrong check digit is never reported. A right one is still weak evidence on its own (about one
random 12/13-digit number in ten passes), so without a context keyword the score stays below
the default threshold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.recognizers.base import Span
from service.recognizers.charsets import (
    FIRST_DIGIT_OF_GROUPS,
    NO_DIGIT_RUN_AFTER,
    digits_only,
)
from service.recognizers.checksums import is_valid_corporate_number, is_valid_my_number
from service.recognizers.context import context_before, keywords, scored

# 1234 5678 9012 / 1234-5678-9012 / 123456789012, the same separator both times.
_MY_NUMBER = re.compile(
    FIRST_DIGIT_OF_GROUPS + r"[0-9]{3}([ \-]?)[0-9]{4}\1[0-9]{4}" + NO_DIGIT_RUN_AFTER, re.ASCII
)
_MY_NUMBER_CONTEXT = keywords(["個人番号", "マイナンバー", "my number", "mynumber"])

# 13 digits, optionally after the "T" of an invoice registration number (T + 法人番号).
_CORPORATE = re.compile(
    r"[0-9](?<![0-9A-SU-Za-z].)(?<![0-9A-Za-z]T.)[0-9]{12}(?![0-9A-Za-z])", re.ASCII
)
_T_PREFIX = re.compile(r"T ?\Z")
_CORPORATE_CONTEXT = keywords(
    ["法人番号", "登録番号", "事業者番号", "corporate number", "適格請求書", "インボイス"]
)


class MyNumberRecognizer:
    name = "jp_my_number"
    entities = frozenset({"JP_MY_NUMBER"})
    languages = frozenset({"ja"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _MY_NUMBER.finditer(text):
            if not is_valid_my_number(digits_only(m.group())):
                continue
            score = scored(context_before(text, m.start(), _MY_NUMBER_CONTEXT), 0.45, 0.95)
            yield Span(m.start(), m.end(), "JP_MY_NUMBER", score, self.name, validated=True)


class CorporateNumberRecognizer:
    name = "jp_corporate_number"
    entities = frozenset({"JP_CORPORATE_NUMBER"})
    languages = frozenset({"ja"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _CORPORATE.finditer(text):
            if not is_valid_corporate_number(m.group()):
                continue
            strength = context_before(text, m.start(), _CORPORATE_CONTEXT)
            if _T_PREFIX.search(text[max(0, m.start() - 2) : m.start()]):
                strength = 1.0  # the "T" of an invoice registration number is itself context
            score = scored(strength, 0.45, 0.95)
            yield Span(m.start(), m.end(), "JP_CORPORATE_NUMBER", score, self.name, True)
