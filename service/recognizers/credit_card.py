"""CREDIT_CARD: 13-19 digits, optionally grouped, Luhn-valid, with a known issuer prefix."""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.recognizers.base import Span
from service.recognizers.charsets import (
    FIRST_DIGIT_OF_GROUPS,
    NO_DIGIT_RUN_AFTER,
    digits_only,
)
from service.recognizers.checksums import luhn_ok
from service.recognizers.context import context_before, keywords, scored

_CANDIDATE = re.compile(
    FIRST_DIGIT_OF_GROUPS + r"(?:[ \-]?[0-9]){12,18}" + NO_DIGIT_RUN_AFTER, re.ASCII
)
_GROUP_SPLIT = re.compile(r"[ \-]")
_CONTEXT = keywords(["カード", "クレジット", "card", "visa", "mastercard", "amex", "jcb"])

# (lowest prefix, highest prefix, allowed lengths): prefixes compared on their own digit count.
_IIN_RANGES: tuple[tuple[str, str, frozenset[int]], ...] = (
    ("4", "4", frozenset({13, 16, 19})),  # Visa
    ("51", "55", frozenset({16})),  # Mastercard
    ("2221", "2720", frozenset({16})),  # Mastercard 2-series
    ("34", "34", frozenset({15})),  # American Express
    ("37", "37", frozenset({15})),
    ("35", "35", frozenset({16, 17, 18, 19})),  # JCB
    ("2131", "2131", frozenset({15})),  # JCB legacy 15-digit ranges (still printed on old cards)
    ("1800", "1800", frozenset({15})),
    ("300", "305", frozenset({14, 16, 17, 18, 19})),  # Diners Club
    ("36", "36", frozenset({14, 16, 17, 18, 19})),
    ("38", "39", frozenset({14, 16, 17, 18, 19})),
    ("6011", "6011", frozenset({16, 17, 18, 19})),  # Discover
    ("644", "649", frozenset({16, 17, 18, 19})),
    ("65", "65", frozenset({16, 17, 18, 19})),
    ("62", "62", frozenset({16, 17, 18, 19})),  # UnionPay
)


def known_issuer(digits: str) -> bool:
    """True when the prefix and length match a major card network."""
    for low, high, lengths in _IIN_RANGES:
        if len(digits) in lengths and low <= digits[: len(low)] <= high:
            return True
    return False


def _grouping_ok(raw: str) -> bool:
    """One separator kind, first group of 4, other groups 3-6 (4-4-4-4, 4-6-5, 4-6-4...)."""
    if not any(sep in raw for sep in " -"):
        return True
    if " " in raw and "-" in raw:
        return False
    groups = _GROUP_SPLIT.split(raw)
    return len(groups[0]) == 4 and all(3 <= len(g) <= 6 for g in groups[1:])


class CreditCardRecognizer:
    name = "credit_card"
    entities = frozenset({"CREDIT_CARD"})
    languages = frozenset({"ja", "en"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _CANDIDATE.finditer(text):
            raw = m.group()
            digits = digits_only(raw)
            if not (_grouping_ok(raw) and known_issuer(digits) and luhn_ok(digits)):
                continue
            score = scored(context_before(text, m.start(), _CONTEXT), 0.95, 1.0)
            yield Span(m.start(), m.end(), "CREDIT_CARD", score, self.name, validated=True)
