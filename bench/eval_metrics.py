"""Span matching and precision / recall / F1 counts.

Matching rule: a finding and a gold span match when they have the same type and overlap (the
"overlap" figures); "exact" additionally needs identical boundaries (whitespace trimmed). A
finding overlapping no gold span of its type but an *ignored* corpus span is not counted.
Precision counts findings, recall counts gold spans, so two findings on one gold span are two
true positives for precision and one hit for recall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Span = tuple[int, int, str]  # start, end, entity type (page offsets)


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


@dataclass(slots=True)
class Counts:
    gold: int = 0
    pred: int = 0  # scored findings (not on ignored spans)
    tp_gold: int = 0
    tp_pred: int = 0
    exact_gold: int = 0
    exact_pred: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def overlap_prf(self) -> tuple[float, float, float]:
        return prf(self.tp_pred, self.pred, self.tp_gold, self.gold)

    def exact_prf(self) -> tuple[float, float, float]:
        return prf(self.exact_pred, self.pred, self.exact_gold, self.gold)


def prf(tp_pred: int, pred: int, tp_gold: int, gold: int) -> tuple[float, float, float]:
    # Conventions for empty denominators: nothing predicted is perfect precision, nothing to
    # find is perfect recall; the table shows the raw counts beside them.
    p = tp_pred / pred if pred else 1.0
    r = tp_gold / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass(frozen=True, slots=True)
class Miss:
    """One error, for the report: FN (gold not found), FP, or BOUNDARY (found, not exact)."""

    error: str
    entity_type: str
    text: str
    sentence: str
    kind: str
    note: str = ""


@dataclass(slots=True)
class SentenceScore:
    counts: dict[str, Counts] = field(default_factory=dict)
    unscored: Counter[str] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)


def score_sentence(
    page_text: str,
    sentence: str,
    kind: str,
    gold: Sequence[Span],
    ignored: Sequence[tuple[int, int]],
    preds: Iterable[Span],
    scored: Sequence[str],
) -> SentenceScore:
    out = SentenceScore()
    preds = list(preds)
    for etype in scored:
        c = out.counts.setdefault(etype, Counts())
        golds = [g for g in gold if g[2] == etype]
        mine = [p for p in preds if p[2] == etype]
        for g0, g1, _ in golds:
            c.gold += 1
            hits = [p for p in mine if overlaps(p[0], p[1], g0, g1)]
            if any((p[0], p[1]) == (g0, g1) for p in hits):
                c.exact_gold += 1
            if hits:
                c.tp_gold += 1
                if not any((p[0], p[1]) == (g0, g1) for p in hits):
                    found = " | ".join(page_text[p[0] : p[1]] for p in hits)
                    out.misses.append(
                        Miss(
                            "BOUNDARY", etype, page_text[g0:g1], sentence, kind, f"found {found!r}"
                        )
                    )
                continue
            others = [
                f"{p[2]}:{page_text[p[0] : p[1]]!r}" for p in preds if overlaps(p[0], p[1], g0, g1)
            ]
            note = "covered by " + ", ".join(others) if others else "no finding"
            out.misses.append(Miss("FN", etype, page_text[g0:g1], sentence, kind, note))
        for p0, p1, _ in mine:
            if any(overlaps(p0, p1, g0, g1) for g0, g1, _ in golds):
                c.pred += 1
                c.tp_pred += 1
                c.exact_pred += any((p0, p1) == (g0, g1) for g0, g1, _ in golds)
            elif any(overlaps(p0, p1, i0, i1) for i0, i1 in ignored):
                continue
            else:
                c.pred += 1
                other = [g[2] for g in gold if overlaps(p0, p1, g[0], g[1])]
                note = f"gold type {other[0]}" if other else ""
                out.misses.append(Miss("FP", etype, page_text[p0:p1], sentence, kind, note))
    for p in preds:
        if p[2] not in scored:
            out.unscored[p[2]] += 1
    return out
