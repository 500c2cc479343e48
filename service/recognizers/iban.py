"""IBAN_CODE: country code + check digits + BBAN, checked by length table and mod-97."""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.recognizers.base import Span
from service.recognizers.checksums import iban_mod97_ok

# ISO 13616 registry: total IBAN length per country.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30,
    "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip

# Greedy and possessive: the run may swallow a following capitalised word; the country's
# length (from the table) decides where the IBAN really ends.
_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}+", re.ASCII)


class IbanRecognizer:
    name = "iban"
    entities = frozenset({"IBAN_CODE"})
    languages = frozenset({"ja", "en"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _CANDIDATE.finditer(text):
            length = IBAN_LENGTHS.get(m.group()[:2])
            if length is None:
                continue
            end = _end_after(text, m.start(), m.end(), length)
            if end is None:
                continue
            compact = text[m.start() : end].replace(" ", "")
            if iban_mod97_ok(compact):
                yield Span(m.start(), end, "IBAN_CODE", 1.0, self.name, validated=True)


def _end_after(text: str, start: int, limit: int, length: int) -> int | None:
    """Offset just after the `length`-th alphanumeric char, if it ends a token there."""
    count = 0
    for i in range(start, limit):
        if text[i] != " ":
            count += 1
            if count == length:
                nxt = text[i + 1] if i + 1 < len(text) else ""
                return None if nxt.isascii() and nxt.isalnum() else i + 1
    return None
