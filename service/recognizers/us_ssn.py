"""US_SSN: 123-45-6789 with the never-issued areas/groups/serials rejected."""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.recognizers.base import Span
from service.recognizers.context import context_before, keywords, scored

_CANDIDATE = re.compile(
    r"([0-9](?<![0-9A-Za-z\-].)[0-9]{2})-([0-9]{2})-([0-9]{4})(?![0-9A-Za-z])(?!-[0-9])", re.ASCII
)
_CONTEXT = keywords(["ssn", "social security", "ss#", "ss no", "taxpayer"])


def plausible_ssn(area: str, group: str, serial: str) -> bool:
    """SSA never issues area 000, 666 or 9xx, group 00 or serial 0000."""
    if area in ("000", "666") or area.startswith("9"):
        return False
    return group != "00" and serial != "0000"


class UsSsnRecognizer:
    name = "us_ssn"
    entities = frozenset({"US_SSN"})
    languages = frozenset({"en"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _CANDIDATE.finditer(text):
            if not plausible_ssn(*m.groups()):
                continue
            # No checksum exists, so the shape alone only just clears the default threshold.
            score = scored(context_before(text, m.start(), _CONTEXT), 0.6, 0.9)
            yield Span(m.start(), m.end(), "US_SSN", score, self.name)
