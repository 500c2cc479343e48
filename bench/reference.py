"""The reference pipelines the engine is measured against, built without the service's code.

(a)  as-shipped `ja_ginza`: `spacy.load("ja_ginza")`, every component, thinc's default ops;
(a2) as-shipped `ja_ginza` with only tok2vec + ner (same weights, thinc's default blis ops);
(b)  the obvious approach: Presidio's `AnalyzerEngine` on ja_ginza over `page.get_text()`, plus
     `page.search_for(hit)` per hit for the rectangles.

Each is loaded once per process. Nothing here touches the network: Presidio gets an explicit
spaCy NLP engine (an installed model is never downloaded) and only recognizers that need no
downloads (no tldextract-backed email/URL recognizer; e-mail is a plain regex here).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pymupdf

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine
    from spacy.language import Language

MODEL = "ja_ginza"
NER_COMPONENTS = ("tok2vec", "ner")
NER_ENTITIES = ("PERSON", "ORGANIZATION", "LOCATION")
# A plain e-mail pattern: Presidio's own EmailRecognizer validates TLDs with tldextract, which
# fetches the public suffix list over the network on first use.
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"


@lru_cache(maxsize=1)
def shipped() -> Language:
    """(a): the model exactly as `spacy.load` gives it."""
    import spacy

    return spacy.load(MODEL)


@lru_cache(maxsize=1)
def shipped_ner() -> Language:
    """(a2): the same package with every component but tok2vec + ner excluded."""
    import spacy

    exclude = [n for n in shipped().component_names if n not in NER_COMPONENTS]
    nlp = spacy.load(MODEL, exclude=exclude)
    missing = set(NER_COMPONENTS) - set(nlp.pipe_names)
    if missing:  # a future model layout would silently measure something else
        raise RuntimeError(f"{MODEL} has no {sorted(missing)} component")
    return nlp


def run_spacy(nlp: Language, texts: Sequence[str]) -> int:
    """Run a spaCy pipeline over page texts, one doc per page; returns the entity count.

    `nlp.pipe` (default batch size) is the ordinary way to run many texts and is at least as
    fast as one `nlp(text)` call per page, so the reference is not handicapped.
    """
    return sum(len(doc.ents) for doc in nlp.pipe(texts))


@lru_cache(maxsize=1)
def presidio_analyzer() -> AnalyzerEngine:
    """(b): Presidio configured for Japanese with ja_ginza and JP-capable recognizers."""
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        IpRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
    )

    from service.ner import LABEL_MAP  # the same deliberate GiNZA label mapping as the engine

    # Configured as a careful user would: GiNZA's other ~180 labels ignored, otherwise Presidio
    # logs a warning for every unmapped entity on every call (slow, and a flood on stderr).
    ignore = sorted(set(shipped().get_pipe("ner").labels) - set(LABEL_MAP))
    config = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "ja", "model_name": MODEL}],
        "ner_model_configuration": {
            "model_to_presidio_entity_mapping": dict(LABEL_MAP),
            "labels_to_ignore": ignore,
        },
    }
    nlp_engine = NlpEngineProvider(nlp_configuration=config).create_engine()
    registry = RecognizerRegistry(supported_languages=["ja"])
    registry.add_recognizer(
        SpacyRecognizer(supported_language="ja", supported_entities=list(NER_ENTITIES))
    )
    registry.add_recognizer(
        PhoneRecognizer(
            supported_language="ja", supported_regions=("JP",), context=["電話", "TEL", "携帯"]
        )
    )
    registry.add_recognizer(CreditCardRecognizer(supported_language="ja", context=["カード"]))
    registry.add_recognizer(IpRecognizer(supported_language="ja"))
    registry.add_recognizer(
        PatternRecognizer(
            supported_entity="EMAIL_ADDRESS",
            supported_language="ja",
            patterns=[Pattern("email", _EMAIL, 0.6)],
            context=["メール", "E-mail"],
        )
    )
    registry.add_recognizer(
        PatternRecognizer(
            supported_entity="JP_POSTAL_CODE",
            supported_language="ja",
            patterns=[Pattern("postal", r"〒\s?\d{3}-\d{4}", 0.6)],
        )
    )
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["ja"])


def run_presidio(path: str | Path, first: int, last: int) -> int:
    """Pages `first`..`last` (1-based) through (b); returns the number of rectangles found."""
    analyzer = presidio_analyzer()
    rects = 0
    with pymupdf.open(path) as doc:
        for page_no in range(first, last + 1):
            page = doc[page_no - 1]
            text = page.get_text()
            for hit in analyzer.analyze(text, language="ja"):
                rects += len(page.search_for(text[hit.start : hit.end]))
    return rects
