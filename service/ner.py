"""GiNZA named-entity recognition: loading once per process, and ENE labels -> our entity types.

Only `tok2vec` and `ner` are loaded: the parser, morphologizer and GiNZA's bunsetu/compound
components do not change entities (they cost little time but ~memory and start-up). Matrix
products are routed through numpy (OpenBLAS) instead of thinc's bundled blis: on this machine
the same weights give identical entities at ~1.5x the characters/s with one BLAS thread
(`python -m bench.bench_engine` reports the ratio against the as-shipped pipeline).

GiNZA tags phone numbers as Speed/Intensity and many company names as Person, so structured
types never come from here: only the labels in `LABEL_MAP` are kept, each mapped deliberately.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from service.names import load_sudachi
from service.prefilter import ner_inputs
from service.recognizers.base import Span

if TYPE_CHECKING:
    from spacy.language import Language

# GiNZA Extended Named Entity label -> entity type. Everything else (dates, money, products,
# facilities, events, numeric expressions, ...) is dropped on purpose.
LABEL_MAP: dict[str, str] = {
    "Person": "PERSON",
    # Organisations: companies, public bodies, schools, parties and teams are all "who".
    "Company": "ORGANIZATION",
    "Company_Group": "ORGANIZATION",
    "Corporation_Other": "ORGANIZATION",
    "Organization_Other": "ORGANIZATION",
    "Political_Organization_Other": "ORGANIZATION",
    "Political_Party": "ORGANIZATION",
    "Government": "ORGANIZATION",
    "Cabinet": "ORGANIZATION",
    "Public_Institution": "ORGANIZATION",
    "International_Organization": "ORGANIZATION",
    "School": "ORGANIZATION",
    "Research_Institute": "ORGANIZATION",
    "Military": "ORGANIZATION",
    "Pro_Sports_Organization": "ORGANIZATION",
    "Sports_Organization_Other": "ORGANIZATION",
    "Show_Organization": "ORGANIZATION",
    "Sports_League": "ORGANIZATION",
    # "GOE" institutions named like places (ホワイトハウス, 霞が関 as the ministry): measured on
    # stockmark, most GOE_Other spans are gold 法人名/組織名.
    "GOE_Other": "ORGANIZATION",
    # Places that locate a person: addresses, administrative areas, named geography.
    "Postal_Address": "LOCATION",
    "City": "LOCATION",
    "County": "LOCATION",
    "Province": "LOCATION",
    "Country": "LOCATION",
    "GPE_Other": "LOCATION",
    "Domestic_Region": "LOCATION",
    "Region_Other": "LOCATION",
    "Location_Other": "LOCATION",
    "Continental_Region": "LOCATION",
    "Geological_Region_Other": "LOCATION",
    "Island": "LOCATION",
    "Mountain": "LOCATION",
    "River": "LOCATION",
    "Lake": "LOCATION",
    "Bay": "LOCATION",
    "Sea": "LOCATION",
}

# spaCy's NER has no calibrated confidence; fixed scores rank NER below validated patterns.
LABEL_SCORE: dict[str, float] = {"PERSON": 0.85, "ORGANIZATION": 0.8, "LOCATION": 0.75}

RECOGNIZER_NAME = "ginza_ner"
# GiNZA sometimes takes the honorific into a Person entity (「遠藤学様」); the name is the PII.
_HONORIFIC_TAIL = re.compile(r"(?:様|さん|殿|君|くん|ちゃん|先生)$")
_NOT_A_NAME = re.compile(r"[0-9@/:]")  # digits, e-mail and URL characters are never in names


def _use_numpy_gemm(nlp: Language) -> None:
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)  # base Ops.gemm -> numpy.dot -> OpenBLAS
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None:
            continue
        for node in model.walk():
            node.ops = ops


@lru_cache(maxsize=2)
def load_ginza(fast_gemm: bool = True) -> Language:
    """The per-process GiNZA pipeline (tok2vec + ner), loaded once."""
    import spacy

    nlp = spacy.load(
        "ja_ginza",
        exclude=["parser", "morphologizer", "compound_splitter", "bunsetu_recognizer"],
    )
    if fast_gemm:
        _use_numpy_gemm(nlp)
    return nlp


def ner_spans(
    texts: Sequence[str],
    *,
    fast_gemm: bool = True,
    prefilter: bool = True,
    batch_size: int = 32,
) -> list[list[Span]]:
    """Entities for each text (offsets into that text).

    Texts are tokenized once with Sudachi (`prefilter.ner_inputs`): long texts are chunked at
    sentence boundaries, and with `prefilter` only sentences that can hold a name go to the
    model. `prefilter=False, fast_gemm=False` is GiNZA as shipped (tok2vec + ner).
    """
    from spacy.tokens import Doc

    nlp = load_ginza(fast_gemm)
    tokenizer = load_sudachi()
    docs: list[Doc] = []
    owners: list[tuple[int, int]] = []  # (text index, offset of the piece in that text)
    for i, text in enumerate(texts):
        for piece in ner_inputs(text, tokenizer, prefilter=prefilter):
            docs.append(Doc(nlp.vocab, words=piece.words, spaces=piece.spaces))
            owners.append((i, piece.offset))
    stream: Iterable[Doc] = docs
    for _name, proc in nlp.pipeline:
        stream = proc.pipe(stream, batch_size=batch_size)
    out: list[list[Span]] = [[] for _ in texts]
    # Docs are consumed as they come and dropped: only plain spans leave this loop.
    for doc, (i, base) in zip(stream, owners, strict=True):
        for ent in doc.ents:
            span = _entity_span(texts[i], ent.label_, ent.start_char + base, ent.end_char + base)
            if span is not None:
                out[i].append(span)
    docs.clear()
    return out


def _entity_span(text: str, label: str, start: int, end: int) -> Span | None:
    etype = LABEL_MAP.get(label)
    if etype is None:
        return None
    # Trim whitespace GiNZA sometimes includes at entity edges.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if etype == "PERSON":
        if _NOT_A_NAME.search(text, start, end):
            return None  # 「郵便番号 0826568」, 「taro@example.jp」 tagged Person
        tail = _HONORIFIC_TAIL.search(text, start, end)
        if tail is not None:
            end = tail.start()
    # One-character organisations and places are contract placeholders (甲, 乙) or generic
    # words (国, 県), not identifying names; a one-character PERSON (a surname) is kept.
    if end - start < (1 if etype == "PERSON" else 2):
        return None
    return Span(start, end, etype, LABEL_SCORE[etype], RECOGNIZER_NAME)
