"""The fast tier's name finder: Sudachi's dictionary instead of a neural model.

Sudachi (the tokenizer GiNZA itself uses) tags words found in its dictionary as 固有名詞 with a
sub-class 人名 (姓/名), 地名 or 組織名, at ~0.5 M chars/s here: two orders of magnitude faster
than neural NER. A family name followed by a given name (optionally with one space between)
becomes one PERSON span; runs of 地名 become one LOCATION.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from service.recognizers.base import Span
from service.sentences import chunk_spans

if TYPE_CHECKING:
    from sudachipy import Tokenizer

RECOGNIZER_NAME = "sudachi_dictionary"
_SUBCLASS = {"人名": "PERSON", "地名": "LOCATION", "組織名": "ORGANIZATION"}
_SCORE = {"PERSON": 0.7, "LOCATION": 0.6, "ORGANIZATION": 0.6}


@lru_cache(maxsize=1)
def load_sudachi() -> Tokenizer:
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").create(SplitMode.C)


def dictionary_spans(text: str) -> list[Span]:
    """PERSON/LOCATION/ORGANIZATION spans from Sudachi's part-of-speech tags."""
    tok = load_sudachi()
    spans: list[Span] = []
    for cs, ce in chunk_spans(text, target=2000):
        run_type: str | None = None
        run_start = run_end = 0
        for m in tok.tokenize(text[cs:ce]):
            pos = m.part_of_speech()
            etype = _SUBCLASS.get(pos[2]) if pos[1] == "固有名詞" else None
            begin, end = m.begin() + cs, m.end() + cs
            gap = text[run_end:begin]
            # Merge adjacent same-type words; a single space may separate 姓 and 名.
            if etype is not None and etype == run_type and (gap == "" or gap in (" ", "\u3000")):
                run_end = end
                continue
            if run_type is not None:
                spans.append(Span(run_start, run_end, run_type, _SCORE[run_type], RECOGNIZER_NAME))
            if etype is not None:
                run_type, run_start, run_end = etype, begin, end
            elif not m.surface().isspace():
                run_type = None
        if run_type is not None:
            spans.append(Span(run_start, run_end, run_type, _SCORE[run_type], RECOGNIZER_NAME))
    return spans
