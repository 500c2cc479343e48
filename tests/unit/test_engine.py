"""The engine end to end on real PDFs: findings, their offsets and rectangles, page records."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from service import engine
from service.errors import PageRangeError
from service.options import ScanOptions
from service.records import PageResult
from tests.pdfs import Text, make_pdf

STRUCTURED = ("PHONE_NUMBER", "EMAIL_ADDRESS", "JP_POSTAL_CODE", "JP_MY_NUMBER")


def _by_type(results: list[PageResult]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in results:
        for f in r.findings:
            out.setdefault(f.entity_type, []).append(f.text)
    return out


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = [
        "お客様各位",
        "氏名：山田太郎様は東京都新宿区西新宿2-8-1に住んでいます。",
        "電話 ０３－１２３４－５６７８ までご連絡ください。",
        "メールはtaro@example.jpです。〒160-0023",
        "個人番号 1234 5678 9018",
    ]
    items = [Text(line, (60, 100 + 24 * i)) for i, line in enumerate(lines)]
    return make_pdf(tmp_path_factory.mktemp("engine") / "letter.pdf", [items, []])


def test_findings_have_original_text_offsets_and_rects(letter: Path) -> None:
    results = engine.scan_range(letter, ScanOptions())
    assert [r.page for r in results] == [1, 2]
    found = _by_type(results)
    assert "山田太郎" in found["PERSON"]
    assert found["PHONE_NUMBER"] == ["０３－１２３４－５６７８"]  # original full-width text
    assert found["EMAIL_ADDRESS"] == ["taro@example.jp"]
    assert found["JP_POSTAL_CODE"] == ["160-0023"]
    assert found["JP_MY_NUMBER"] == ["1234 5678 9018"]
    assert any("西新宿2-8-1" in t for t in found["LOCATION"])
    page = pymupdf.open(letter)[0]
    for f in results[0].findings:
        assert len(f.rects) == 1
        # The rectangle holds exactly the finding's text (whitespace aside).
        inside = page.get_textbox(pymupdf.Rect(f.rects[0])).replace(" ", "").replace("　", "")
        assert inside == f.text.replace(" ", "")


def test_empty_page_is_reported_not_skipped(letter: Path) -> None:
    empty = engine.scan_range(letter, ScanOptions(entities=STRUCTURED), 2, 2)[0]
    assert (empty.page, empty.text_chars, empty.text_quality) == (2, 0, "empty")
    assert empty.to_record() == {
        "type": "page",
        "page": 2,
        "findings": 0,
        "text_chars": 0,
        "text_quality": "empty",
    }


def test_entity_filter_threshold_allow_and_deny(letter: Path) -> None:
    opts = ScanOptions(entities=("PHONE_NUMBER", "PERSON"), allow_list=("山田太郎",))
    found = _by_type(engine.scan_range(letter, opts))
    assert set(found) == {"PHONE_NUMBER"}
    from service.options import DenyRule

    opts = ScanOptions(entities=("PERSON",), deny_list=(DenyRule("PERSON", "お客様各位"),))
    assert "お客様各位" in _by_type(engine.scan_range(letter, opts))["PERSON"]
    assert _by_type(engine.scan_range(letter, ScanOptions(entities=STRUCTURED, threshold=1.0)))


def test_page_range_and_out_of_range(letter: Path) -> None:
    assert [r.page for r in engine.scan_range(letter, ScanOptions(pages=(2, 9)))] == [2]
    with pytest.raises(PageRangeError):
        engine.scan_range(letter, ScanOptions(pages=(5, 6)))


def test_fast_profile_finds_names_without_neural_ner(letter: Path) -> None:
    found = _by_type(engine.scan_range(letter, ScanOptions(profile="fast")))
    assert "山田太郎" in found["PERSON"]
    assert found["PHONE_NUMBER"] == ["０３－１２３４－５６７８"]


def test_invisible_text_is_still_found_and_flagged(tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "ocr.pdf", [[Text("電話 03-9876-5432 まで", (60, 100), render_mode=3)]]
    )
    (f,) = engine.scan_range(pdf, ScanOptions(entities=("PHONE_NUMBER",)))[0].findings
    assert f.invisible and f.to_record()["invisible"] is True


def test_page_timeout_is_a_page_error(letter: Path) -> None:
    r = engine.scan_range(letter, ScanOptions(entities=STRUCTURED), 1, 1, page_timeout=1e-6)[0]
    assert r.error is not None and r.error.code == "page_timeout"
    assert r.findings == ()


@pytest.mark.corpus
def test_page_that_fails_inside_mupdf_does_not_stop_the_scan(corpus: Path) -> None:
    results = engine.scan_range(
        corpus / "pdfs" / "broken" / "pdfjs__Pages-tree-refs.pdf", ScanOptions(entities=STRUCTURED)
    )
    assert [(r.page, r.error.code if r.error else None) for r in results] == [
        (1, None),
        (2, "page_failed"),
    ]
    assert results[0].text_chars > 0


@pytest.mark.corpus
def test_garbled_japanese_is_reported(corpus: Path) -> None:
    path = corpus / "pdfs" / "ja_forms" / "pdfme_gov__mhlw-regular-health-check-personal-record.pdf"
    results = engine.scan_range(path, ScanOptions(entities=STRUCTURED))
    assert all(r.text_quality == "garbled" for r in results)
    assert all(r.to_record()["text_quality"] == "garbled" for r in results)


@pytest.mark.corpus
def test_rotated_and_vertical_corpus_pages_scan(corpus: Path) -> None:
    for name in (
        "en/pdfjs__rotation.pdf",
        "ja_text/pdfminer__jo.pdf",
        "ja_text/pdfminer__kampo.pdf",
    ):
        results = engine.scan_range(corpus / "pdfs" / name, ScanOptions(entities=STRUCTURED))
        assert results and all(r.error is None for r in results)
