"""Labelled sentences from the shared corpus, mapped onto the engine's entity types.

Spans whose corpus label has no counterpart among our types are kept as *ignored* regions: a
finding that overlaps one is neither a true nor a false positive (a 施設名 reported as
LOCATION is not an error we can count either way).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

STOCKMARK_MAP = {
    "人名": "PERSON",
    "法人名": "ORGANIZATION",
    "政治的組織名": "ORGANIZATION",
    "その他の組織名": "ORGANIZATION",
    "地名": "LOCATION",
}
UD_MAP = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION"}
EN_MAP = {
    "PERSON": "PERSON",
    "ORGANIZATION": "ORGANIZATION",
    "GPE": "LOCATION",
    "STREET_ADDRESS": "LOCATION",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
}
NER_TYPES = ("PERSON", "ORGANIZATION", "LOCATION")


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    entity_type: str


@dataclass(frozen=True, slots=True)
class Sample:
    """One labelled sentence. `breaks` are offsets where the renderer must start a new line
    (to split a value across a line wrap); `kind` names the generator case for error reports."""

    sid: str
    text: str
    gold: tuple[Gold, ...]
    ignored: tuple[tuple[int, int], ...] = ()
    lang: str = "ja"
    kind: str = ""
    breaks: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Dataset:
    """Samples plus the entity types scored on them: findings of other types are tallied as
    unscored, because the data says nothing about them."""

    name: str
    samples: tuple[Sample, ...]
    scored: tuple[str, ...]
    lang: str = "ja"


def _split(raw: list[tuple[int, int, str]], mapping: dict[str, str]) -> tuple[tuple, tuple]:
    gold = tuple(Gold(s, e, mapping[label]) for s, e, label in raw if label in mapping)
    ignored = tuple((s, e) for s, e, label in raw if label not in mapping)
    return gold, ignored


def load_stockmark(corpus: Path = CORPUS, limit: int | None = None) -> Dataset:
    rows = json.loads((corpus / "ner" / "stockmark_ner_wikipedia.json").read_text("utf-8"))
    # A fixed stride rather than the first N: the file is grouped by article, so the head of
    # it would over-represent a handful of topics.
    if limit is not None and limit < len(rows):
        step = len(rows) / limit
        rows = [rows[int(i * step)] for i in range(limit)]
    samples = []
    for row in rows:
        raw = [(e["span"][0], e["span"][1], e["type"]) for e in row["entities"]]
        gold, ignored = _split(raw, STOCKMARK_MAP)
        samples.append(Sample(f"sm-{row['curid']}-{len(samples)}", row["text"], gold, ignored))
    return Dataset("stockmark", tuple(samples), NER_TYPES)


def load_ud(corpus: Path = CORPUS, limit: int | None = None) -> Dataset:
    lines = (corpus / "ner" / "ud_japanese_gsd_ne_dev.spans.jsonl").read_text("utf-8").splitlines()
    samples = []
    for line in lines[:limit]:
        row = json.loads(line)
        raw = [(e["start"], e["end"], e["label"]) for e in row["entities"]]
        gold, ignored = _split(raw, UD_MAP)
        samples.append(Sample(row["sent_id"], row["text"], gold, ignored))
    return Dataset("ud_gsd_dev", tuple(samples), NER_TYPES)


def load_presidio_en(corpus: Path = CORPUS, limit: int | None = None) -> Dataset:
    rows = json.loads((corpus / "en_pii" / "presidio_synth_dataset_v2.json").read_text("utf-8"))
    samples = []
    for i, row in enumerate(rows[:limit]):
        raw = [(s["start_position"], s["end_position"], s["entity_type"]) for s in row["spans"]]
        gold, ignored = _split(raw, EN_MAP)
        samples.append(Sample(f"en-{i}", row["full_text"], gold, ignored, lang="en"))
    return Dataset("presidio_en", tuple(samples), tuple(dict.fromkeys(EN_MAP.values())), "en")
