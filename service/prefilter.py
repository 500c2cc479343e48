"""What text goes to neural NER, already tokenized: one Sudachi pass serves both decisions.

GiNZA's own tokenizer runs Sudachi and then computes reading forms, lemmas and A/B sub-tokens
that tok2vec+ner never read (the embedding uses ORTH and SHAPE only). Building the `Doc`
straight from Sudachi's morphemes gives the same tokens (tested) at a fraction of the cost.

The same morphemes decide which sentences can hold a name at all: a sentence goes to NER only
if it has a word Sudachi tags 固有名詞 or does not know (OOV), a katakana or Latin word, a
name cue (様, 氏名, ...) or a word ending like an organisation (委員会, 省, 事務所, ...).
Structured PII never needs NER. On the evaluation corpus this keeps >= 99 % of as-shipped
GiNZA's person/organisation/location entities exactly (`python -m bench.bench_agreement`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from service.sentences import chunk_spans

if TYPE_CHECKING:
    from sudachipy import Tokenizer

_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc\uff66-\uff9f]{2,}")
_LATIN = re.compile(r"[A-Za-z]")
_SENTENCE_END = frozenset("。．！？!?")
_NAME_CUES = frozenset(
    {"様", "さん", "氏", "殿", "君", "くん", "ちゃん", "先生", "氏名", "名前", "社長", "会長"}
)
# Organisations named with common nouns: Sudachi tags 衆議院, 公安委員会, 米朝事務所 or the
# suffix 省 as 普通名詞/接尾辞, so without these a sentence naming only such a body never
# reached the model (measured: most of the as-shipped entities the filter lost).
_ORG_SUFFIXES = (
    "会",  # 委員会, 協会, 信徒会, 翼賛会
    "会社",
    "会館",
    "省",
    "庁",
    "院",
    "局",
    "本部",
    "事務所",
    "組合",
    "連盟",
    "連合",
    "財団",
    "法人",
    "大学",
    "学校",
    "学園",
    "銀行",
    "病院",
    "党",
)
_SPACE_TAG = "空白"


@dataclass(frozen=True, slots=True)
class NerInput:
    """A contiguous range of a text, tokenized exactly as spaCy's Japanese tokenizer would."""

    offset: int  # where the range starts in the original text
    words: list[str]
    spaces: list[bool]


def _is_candidate(surface: str, pos: tuple[str, ...], oov: bool) -> bool:
    return (
        pos[1] == "固有名詞"
        or (oov and pos[1] != "数詞")  # unknown numbers ("12,000") are not names
        or surface in _NAME_CUES
        or _LATIN.search(surface) is not None
        or (pos[0] == "名詞" and _KATAKANA.fullmatch(surface) is not None)
        or (pos[0] in ("名詞", "接尾辞") and surface.endswith(_ORG_SUFFIXES))
    )


def _words_and_spaces(
    text: str, morphemes: list[tuple[int, int, bool]]
) -> tuple[list[str], list[bool]]:
    """spaCy's Japanese alignment: a single ' ' after a word becomes that word's trailing
    space; any other whitespace between words becomes a token of its own."""
    words: list[str] = []
    spaces: list[bool] = []

    def add_gap(gap: str) -> None:
        if words and not spaces[-1] and gap[0] == " ":
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)

    pos = morphemes[0][0] if morphemes else 0
    for begin, end, is_space in morphemes:
        if is_space:
            continue
        if begin > pos:
            add_gap(text[pos:begin])
        words.append(text[begin:end])
        spaces.append(False)
        pos = end
    end = morphemes[-1][1] if morphemes else pos
    if end > pos:
        add_gap(text[pos:end])
    return words, spaces


def ner_inputs(text: str, tokenizer: Tokenizer, *, prefilter: bool = True) -> list[NerInput]:
    """Chunks of `text` for NER, each tokenized; with `prefilter`, only sentences with a cue."""
    out: list[NerInput] = []
    for cs, ce in chunk_spans(text, target=1000):
        chunk = text[cs:ce]
        # (begin, end, is_space, candidate, ends_sentence) per morpheme, offsets in `chunk`.
        morphs: list[tuple[int, int, bool, bool, bool]] = []
        for m in tokenizer.tokenize(chunk):
            surface = m.surface()
            if not surface:
                continue
            pos = m.part_of_speech()
            is_space = pos[0] == _SPACE_TAG and surface.isspace()
            cand = prefilter and not is_space and _is_candidate(surface, pos, m.is_oov())
            ends = surface in _SENTENCE_END or "\n" in surface
            morphs.append((m.begin(), m.end(), is_space, cand, ends))
        if not morphs:
            continue
        ranges = [(0, len(morphs))] if not prefilter else _candidate_ranges(morphs)
        for lo, hi in ranges:
            run = [(b, e, s) for b, e, s, _c, _x in morphs[lo:hi]]
            words, spaces = _words_and_spaces(chunk, run)
            if words:
                out.append(NerInput(cs + run[0][0], words, spaces))
    return out


def _candidate_ranges(morphs: list[tuple[int, int, bool, bool, bool]]) -> list[tuple[int, int]]:
    """Morpheme index ranges of consecutive sentences that contain a candidate word."""
    ranges: list[tuple[int, int]] = []
    start = 0
    keep = False
    for i, (_b, _e, _s, cand, ends) in enumerate(morphs):
        keep = keep or cand
        if ends or i == len(morphs) - 1:
            if keep:
                if ranges and ranges[-1][1] == start:
                    ranges[-1] = (ranges[-1][0], i + 1)  # merge adjacent kept sentences
                else:
                    ranges.append((start, i + 1))
            start, keep = i + 1, False
    return ranges
