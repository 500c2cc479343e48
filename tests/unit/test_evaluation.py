"""The accuracy evaluation (bench/): its pure parts, and the issue-2 targets on a slice of the
synthetic set run through the real engine (render -> scan -> align -> score)."""

from __future__ import annotations

import random
from pathlib import Path

import phonenumbers
import pytest

from bench.check_digits import (
    corporate_digit,
    luhn_ok,
    my_number_digit,
    valid_corporate,
    valid_my_number,
)
from bench.eval_align import align_page, squeeze
from bench.eval_data import Gold, Sample
from bench.eval_fields import _classify, category
from bench.eval_metrics import score_sentence
from bench.eval_run import DatasetResult, evaluate_dataset
from bench.eval_synth import build
from bench.synth_values import fullwidth, wareki

# --- check digits: known published numbers, and agreement with the service's implementation


def test_my_number_check_digit_known_value() -> None:
    # The example used in the 総務省 explanation of the check digit algorithm.
    assert my_number_digit("12345678901") == 8
    assert valid_my_number("123456789018")
    assert not valid_my_number("123456789012")


def test_corporate_check_digit_known_value() -> None:
    assert corporate_digit("000012050002") == 7  # 国税庁's own 法人番号 7000012050002
    assert valid_corporate("7000012050002")
    assert not valid_corporate("8000012050002")


def test_luhn() -> None:
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")


def test_check_digits_agree_with_service() -> None:
    checksums = pytest.importorskip("service.recognizers.checksums")
    rng = random.Random(7)
    for _ in range(500):
        base = "".join(rng.choice("0123456789") for _ in range(12))
        assert my_number_digit(base[:11]) == checksums.my_number_check_digit(base[:11])
        assert corporate_digit(base) == checksums.corporate_check_digit(base)


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [
        (1989, 1, 7, "昭和64年1月7日"),
        (1989, 1, 8, "平成元年1月8日"),
        (2019, 4, 30, "平成31年4月30日"),
        (2019, 5, 1, "令和元年5月1日"),
        (1926, 12, 25, "昭和元年12月25日"),
    ],
)
def test_wareki(year: int, month: int, day: int, expected: str) -> None:
    import datetime as dt

    assert wareki(dt.date(year, month, day)) == expected


def test_generated_values_are_valid_and_bait_is_not() -> None:
    structured, people = build(n_per_type=40, n_bait=84, n_person=20, seed=3)
    for s in structured.samples:
        if not s.gold:
            continue
        g = s.gold[0]
        value = "".join(c for c in fullwidth_to_ascii(s.text[g.start : g.end]) if c.isalnum())
        if g.entity_type == "JP_MY_NUMBER":
            assert valid_my_number(value), s
        elif g.entity_type == "JP_CORPORATE_NUMBER":
            assert valid_corporate(value), s
        elif g.entity_type == "CREDIT_CARD":
            assert luhn_ok(value) and 13 <= len(value) <= 19, s
        elif g.entity_type == "PHONE_NUMBER":
            raw = fullwidth_to_ascii(s.text[g.start : g.end])
            assert phonenumbers.is_valid_number(phonenumbers.parse(raw, "JP")), s
    for s in structured.samples:
        if s.kind in ("bait:mynumber-label-bad-cd", "bait:order-12d"):
            assert not valid_my_number(s.text.split("：")[1]), s
    assert all(s.gold and s.gold[0].entity_type == "PERSON" for s in people.samples)


def fullwidth_to_ascii(text: str) -> str:
    back = {v: k for k, v in ((c, fullwidth(c)) for c in map(chr, range(0x21, 0x7F)))}
    return "".join(back.get(c, c) for c in text)


# --- alignment and matching


def test_alignment_survives_line_joins_and_folded_glyphs() -> None:
    samples = [
        Sample("a", "電話は03-1234-5678です。", (Gold(3, 15, "PHONE_NUMBER"),)),
        Sample("b", "これは描画されなかった文。", ()),
        Sample("c", "受付 9時〜18時 山田 太郎", (Gold(10, 15, "PERSON"),)),
    ]
    page = "電話は03-1234-\n5678です。\n受付 9時～18時\n山田太郎"
    placed = align_page(page, samples, [0, 1, 2])
    assert [p.index for p in placed] == [0, 2]
    start, end = placed[0].to_page(3, 15)  # type: ignore[misc]
    assert page[start:end] == "03-1234-\n5678"
    start, end = placed[1].to_page(10, 15)  # type: ignore[misc]
    assert page[start:end] == "山田太郎"
    assert squeeze(" a\nb ")[0] == "ab"


def test_score_sentence_overlap_exact_ignored_and_confusion() -> None:
    text = "山田太郎様は東京都新宿区の東京タワーで株式会社テストに勤める"
    gold = [(0, 4, "PERSON"), (6, 12, "LOCATION"), (19, 26, "ORGANIZATION")]
    ignored = [(13, 18)]  # 施設名: not scored either way
    preds = [
        (0, 5, "PERSON"),  # overlap, not exact
        (6, 12, "LOCATION"),  # exact
        (13, 18, "LOCATION"),  # on an ignored span: neither TP nor FP
        (19, 26, "PERSON"),  # wrong type: FP for PERSON, FN for ORGANIZATION
    ]
    sc = score_sentence(
        text, text, "", gold, ignored, preds, ("PERSON", "ORGANIZATION", "LOCATION")
    )
    person, loc, org = sc.counts["PERSON"], sc.counts["LOCATION"], sc.counts["ORGANIZATION"]
    assert (person.gold, person.tp_gold, person.exact_gold) == (1, 1, 0)
    assert (person.pred, person.tp_pred) == (2, 1)
    assert (loc.pred, loc.tp_pred, loc.exact_pred) == (1, 1, 1)
    assert (org.gold, org.tp_gold) == (1, 0)
    assert sorted(m.error for m in sc.misses) == ["BOUNDARY", "FN", "FP"]


@pytest.mark.parametrize(
    ("key", "line", "expected"),
    [
        ("[請求元]TEL", "000-000-0000", ("phone", "000-000-0000")),
        ("発行者", "〒123-4567", ("postal", "123-4567")),
        ("発行者", "TEL : 000-000-0000", ("phone", "000-000-0000")),
        ("{1}自由2", "Email: info@labelmake.jp", ("email", "info@labelmake.jp")),
        ("[お届け先]氏名", "東京都 出得太 様", ("name", "東京都 出得太")),
        ("[請求元]住所", "株式会社labelmake.jp", None),
        ("ふりがな", "とうきょうとでえた", None),
    ],
)
def test_field_classification(key: str, line: str, expected: tuple[str, str] | None) -> None:
    cat = category(key)
    got = None if cat == "skip" else _classify(cat, line)
    assert got == expected


# --- the issue-2 targets through the real engine

TARGETS = (
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "JP_POSTAL_CODE",
    "JP_MY_NUMBER",
    "JP_CORPORATE_NUMBER",
    "CREDIT_CARD",
)


@pytest.fixture(scope="module")
def synth_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DatasetResult]:
    from service.options import ScanOptions

    structured, people = build(n_per_type=40, n_bait=112, n_person=80, seed=11)
    tmp = tmp_path_factory.mktemp("eval")
    options = ScanOptions()
    return {ds.name: evaluate_dataset(ds, tmp, options) for ds in (structured, people)}


def _examples(res: DatasetResult, etype: str, errors: tuple[str, ...]) -> str:
    items = [m for m in res.misses if m.entity_type == etype and m.error in errors]
    return "\n".join(
        f"  {m.error} {m.kind}: {m.text!r} in {m.sentence!r} ({m.note})" for m in items[:12]
    )


def test_synthetic_set_renders_and_aligns(synth_results: dict[str, DatasetResult]) -> None:
    for res in synth_results.values():
        assert not res.unaligned, res.unaligned[:5]


@pytest.mark.parametrize("etype", TARGETS)
def test_structured_recall_and_precision(
    synth_results: dict[str, DatasetResult], etype: str
) -> None:
    res = synth_results["synth_ja"]
    p, r, _ = res.counts[etype].overlap_prf()
    assert r >= 0.99, f"{etype} recall {r:.3f} < 0.99\n{_examples(res, etype, ('FN',))}"
    assert p >= 0.98, f"{etype} precision {p:.3f} < 0.98\n{_examples(res, etype, ('FP',))}"


def test_person_recall(synth_results: dict[str, DatasetResult]) -> None:
    res = synth_results["synth_ja_person"]
    _, r, _ = res.counts["PERSON"].overlap_prf()
    assert r >= 0.95, f"PERSON recall {r:.3f} < 0.95\n{_examples(res, 'PERSON', ('FN',))}"


def test_bait_yields_no_structured_findings(synth_results: dict[str, DatasetResult]) -> None:
    res = synth_results["synth_ja"]
    bait = [m for m in res.misses if m.error == "FP" and m.kind.startswith("bait:")]
    assert not bait, "\n".join(f"  {m.entity_type} {m.text!r} in {m.sentence!r}" for m in bait)


@pytest.mark.corpus
def test_blank_government_forms_have_no_my_number(corpus: Path) -> None:
    from service import engine
    from service.options import ScanOptions

    forms = sorted((corpus / "pdfs" / "ja_forms").glob("*.pdf"))
    assert forms
    # Filtering to the one type can only add JP_MY_NUMBER findings (other types can only take
    # spans from it in the overlap merge), so this is at least as strict as a full scan, and
    # it skips the NER.
    options = ScanOptions(entities=("JP_MY_NUMBER",))
    found = [
        (pdf.name, f.page, f.text)
        for pdf in forms
        for page in engine.scan_range(pdf, options)
        for f in page.findings
    ]
    assert not found
