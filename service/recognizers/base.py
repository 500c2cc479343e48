"""The recognizer interface: one small class per kind of PII, all behind one Protocol."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate finding in the NFKC-normalised page text (offsets into that text).

    `validated` marks a match whose checksum/number-plan/structure was verified; validated
    structured spans win overlap ties against NER spans.
    """

    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    validated: bool = False


class Recognizer(Protocol):
    name: str
    entities: frozenset[str]
    languages: frozenset[str]  # subset of {"ja", "en"}

    def analyze(self, text: str) -> Iterable[Span]:
        """Find spans in NFKC-normalised text. Must be pure and thread/process-safe."""
        ...
