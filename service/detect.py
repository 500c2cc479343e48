"""Text-level detection pipeline, in named stages: NLP once, recognizers, lists, threshold, merge.

Input is one page's NFKC-normalised text; output is the final, non-overlapping spans in that
text. Overlap resolution is deterministic: candidates are ranked by

    1. validated (checksum / number plan / deny list) first, then other pattern recognizers,
       then statistical ones (NER, dictionary) - a model's guess never hides a pattern match,
    2. longer before shorter,
    3. higher score before lower,
    4. then start offset, entity type and recognizer name (only to make ties reproducible),

and accepted greedily while they do not overlap an already accepted span. The threshold and
allow list apply *before* merging, so a long low-score candidate that is going to be dropped
anyway cannot hide a shorter confident one; the entity filter applies *after*, so a span that
is really an e-mail address is not reported as a "person" when only PERSON is asked for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from service.names import RECOGNIZER_NAME as DICTIONARY_NAME
from service.ner import RECOGNIZER_NAME as NER_NAME
from service.options import ScanOptions
from service.recognizers.base import Recognizer, Span

DENY_RECOGNIZER = "deny_list"
# Recognizers whose spans are statistical guesses rather than pattern matches.
MODEL_RECOGNIZERS = frozenset({NER_NAME, DICTIONARY_NAME})
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")


def has_japanese(text: str) -> bool:
    return _JAPANESE.search(text) is not None


def deny_spans(text: str, options: ScanOptions) -> list[Span]:
    spans: list[Span] = []
    for rule in options.deny_list:
        pattern = (
            rule.pattern if rule.regex else re.escape(unicodedata.normalize("NFKC", rule.pattern))
        )
        for m in re.finditer(pattern, text):
            if m.end() > m.start():
                spans.append(Span(m.start(), m.end(), rule.entity_type, 1.0, DENY_RECOGNIZER, True))
    return spans


def _allowed(text: str, span: Span, allow: frozenset[str]) -> bool:
    return text[span.start : span.end].strip() in allow


def _rank(span: Span) -> tuple[int, int, float, int, str, str]:
    return (
        0 if span.validated else 2 if span.recognizer in MODEL_RECOGNIZERS else 1,
        -(span.end - span.start),
        -span.score,
        span.start,
        span.entity_type,
        span.recognizer,
    )


def merge_overlaps(spans: Iterable[Span]) -> list[Span]:
    """One span per region of text, chosen by the documented ranking; sorted by start."""
    accepted: list[Span] = []
    for cand in sorted(spans, key=_rank):
        if all(cand.end <= s.start or cand.start >= s.end for s in accepted):
            accepted.append(cand)
    return sorted(accepted, key=lambda s: (s.start, s.end))


def run_recognizers(text: str, recognizers: Sequence[Recognizer]) -> list[Span]:
    """Every recognizer, whatever the entity filter: an e-mail address must still win its
    overlap against an NER "person" when only PERSON was asked for (the filter comes last)."""
    spans: list[Span] = []
    for rec in recognizers:
        spans.extend(rec.analyze(text))
    return spans


def finalize(text: str, candidates: Iterable[Span], options: ScanOptions) -> list[Span]:
    """Lists and threshold, overlap resolution, then the entity filter."""
    allow = frozenset(unicodedata.normalize("NFKC", a).strip() for a in options.allow_list)
    kept = [
        s
        for s in (*candidates, *deny_spans(text, options))
        if s.score >= options.threshold
        and s.end > s.start
        and not (allow and _allowed(text, s, allow))
    ]
    return [s for s in merge_overlaps(kept) if options.wants(s.entity_type)]
