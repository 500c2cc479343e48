"""Shared helpers for the recognizer tests (no tests here)."""

from __future__ import annotations

import random
import unicodedata

from service.recognizers.base import Recognizer
from service.recognizers.checksums import corporate_check_digit, luhn_ok, my_number_check_digit

THRESHOLD = 0.5


def hits(recognizer: Recognizer, text: str, threshold: float = THRESHOLD) -> list[tuple[str, str]]:
    """(entity_type, matched text) of the spans at or above `threshold`, in text order."""
    text = unicodedata.normalize("NFKC", text)
    spans = sorted(recognizer.analyze(text), key=lambda s: (s.start, s.end))
    return [(s.entity_type, text[s.start : s.end]) for s in spans if s.score >= threshold]


def found(recognizer: Recognizer, text: str, threshold: float = THRESHOLD) -> list[str]:
    return [matched for _, matched in hits(recognizer, text, threshold)]


def make_my_number(rng: random.Random) -> str:
    base = "".join(rng.choice("0123456789") for _ in range(11))
    return base + str(my_number_check_digit(base))


def make_corporate_number(rng: random.Random) -> str:
    base = "".join(rng.choice("0123456789") for _ in range(12))
    return str(corporate_check_digit(base)) + base


def make_card(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return next(body + d for d in "0123456789" if luhn_ok(body + d))
