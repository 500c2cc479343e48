"""The recognizer set as a whole: registry, catalog, pickling, robustness and Faker recall."""

from __future__ import annotations

import pickle
import random
import unicodedata
from collections.abc import Callable

import phonenumbers
import pytest
from faker import Faker

from service.options import ENTITY_TYPES
from service.recognizers import default_recognizers, recognizer_catalog
from service.recognizers.base import Span


def test_languages_select_recognizers() -> None:
    ja = {r.name for r in default_recognizers("ja")}
    en = {r.name for r in default_recognizers("en")}
    both = {r.name for r in default_recognizers("auto")}
    assert "jp_my_number" in ja and "jp_my_number" not in en
    assert "us_ssn" in en and "us_ssn" not in ja
    assert both == ja | en


def test_each_call_builds_fresh_instances() -> None:
    first, second = default_recognizers("auto"), default_recognizers("auto")
    assert all(a is not b for a, b in zip(first, second, strict=True))


def test_unknown_language_is_rejected() -> None:
    with pytest.raises(ValueError):
        default_recognizers("fr")


def test_catalog_covers_every_entity_type() -> None:
    catalog = recognizer_catalog()
    assert {e for entry in catalog for e in entry["entities"]} == set(ENTITY_TYPES)
    for entry in catalog:
        assert set(entry) == {"name", "entities", "languages", "description"}
        assert entry["description"] and set(entry["languages"]) <= {"ja", "en"}
    assert len({entry["name"] for entry in catalog}) == len(catalog)


def test_recognizers_pickle_and_keep_working() -> None:
    text = "電話03-1234-5678 個人番号 1234 5678 9018"
    for recognizer in pickle.loads(pickle.dumps(default_recognizers("auto"))):
        assert recognizer.name and recognizer.entities and recognizer.languages
        list(recognizer.analyze(text))


def _faker_page(seed: int, size: int = 5000) -> str:
    fake = Faker("ja_JP")
    fake.seed_instance(seed)
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        parts.append(fake.text(max_nb_chars=200))
        parts.append(f"{fake.name()}様 {fake.address()} {fake.phone_number()} {fake.company()}")
        parts.append(f"{fake.email()}{fake.date()}{fake.credit_card_number()}{fake.ipv4()}")
    return unicodedata.normalize("NFKC", "\n".join(parts))[:size]


def test_every_recognizer_survives_faker_text() -> None:
    for seed in range(3):
        text = _faker_page(seed)
        for recognizer in default_recognizers("auto"):
            spans = list(recognizer.analyze(text))
            for span in spans:
                assert isinstance(span, Span)
                assert 0 <= span.start < span.end <= len(text)
                assert 0.0 <= span.score <= 1.0
                assert span.entity_type in recognizer.entities


def _valid_jp_phone(value: str) -> bool:
    if not value.startswith("0"):
        return False  # libphonenumber would add the missing trunk 0; a Japanese reader would not
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value, "JP"))
    except phonenumbers.NumberParseException:
        return False


# Faker ja_JP phone formats are 0X0-####-#### (mobile) and "##-####-####", which lacks the
# trunk 0 (e.g. "40-6812-4158") and is not a Japanese number as written; some mobile draws hit
# unallocated blocks too. Recall is measured on the 0-prefixed numbers libphonenumber accepts.
_CARD_TYPES = (
    "visa13", "visa16", "visa19", "mastercard", "amex", "jcb15", "jcb16", "discover", "diners",
)  # fmt: skip
_TEMPLATES: dict[str, tuple[Callable[[Faker], str], tuple[str, ...]]] = {
    "PHONE_NUMBER": (
        lambda f: next(p for p in iter(f.phone_number, None) if _valid_jp_phone(p)),
        ("お電話は{}までお願いします。", "TEL:{}", "携帯{}へご連絡ください", "電話番号 {}"),
    ),
    "EMAIL_ADDRESS": (
        lambda f: f.email(),
        ("メールは{}です。", "E-mail:{}", "連絡先{}まで", "お問い合わせ {} まで"),
    ),
    "JP_POSTAL_CODE": (
        lambda f: f.postcode(),
        ("〒{} 東京都", "郵便番号：{}", "〒{}", "郵便番号 {} へ送付"),
    ),
    "CREDIT_CARD": (
        lambda f: f.credit_card_number(card_type=random.Random(f.pyint()).choice(_CARD_TYPES)),
        ("カード番号：{}", "クレジットカード {} でお支払い", "card {}", "番号{}を登録"),
    ),
}


@pytest.mark.parametrize("entity", sorted(_TEMPLATES))
def test_faker_recall(entity: str) -> None:
    make, templates = _TEMPLATES[entity]
    fake = Faker("ja_JP")
    fake.seed_instance(2024)
    recognizers = [r for r in default_recognizers("ja") if entity in r.entities]
    total, hit = 300, 0
    misses: list[str] = []
    for i in range(total):
        value = make(fake)
        text = unicodedata.normalize("NFKC", templates[i % len(templates)].format(value))
        start = text.index(value)
        spans = [s for r in recognizers for s in r.analyze(text) if s.score >= 0.5]
        if any(s.entity_type == entity and s.start <= start and s.end >= start + len(value)
               for s in spans):  # fmt: skip
            hit += 1
        else:
            misses.append(text)
    assert hit / total >= 0.99, misses[:10]
