from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from service import output
from service.errors import InvalidOptions, PageRangeError, RedactionIncomplete
from service.geometry import span_rects
from service.output import COLOURS, write_output
from service.pdf import extract_page, open_pdf
from service.records import Finding
from tests.pdfs import Text, make_pdf


def _finding(path: Path, term: str, entity: str, page: int = 1) -> Finding:
    pt = extract_page(open_pdf(path), page)
    start = pt.text.index(term)
    end = start + len(term)
    return Finding(page, entity, term, start, end, 0.9, "test", span_rects(pt, start, end))


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = make_pdf(
        tmp_path / "in.pdf",
        [
            [
                Text("氏名：山田太郎", (60, 100)),
                Text("電話：０３－１２３４－５６７８", (60, 130)),
                Text("担当者　山田太郎　様", (60, 160)),  # a second occurrence of the name
                Text("備考：特になし", (60, 190)),
            ],
            [Text("二頁目の本文", (60, 100))],
        ],
        rotations=[0, 90],
    )
    doc = pymupdf.open(path)
    doc.set_metadata({"author": "山田太郎", "title": "secret"})
    doc.set_xml_metadata("<x:xmpmeta xmlns:x='adobe:ns:meta/'>山田太郎</x:xmpmeta>")
    doc.save(tmp_path / "meta.pdf")
    return tmp_path / "meta.pdf"


def test_highlight(sample: Path, tmp_path: Path) -> None:
    findings = [
        _finding(sample, "山田太郎", "PERSON"),
        _finding(sample, "０３－１２３４－５６７８", "PHONE_NUMBER"),
    ]
    report = write_output(sample, tmp_path / "hl.pdf", findings, "highlight")
    assert report.pages == (1,) and report.applied == 2 and report.verified
    doc = pymupdf.open(tmp_path / "hl.pdf")
    annots = list(doc[0].annots())
    assert [a.info["content"] for a in annots] == ["PERSON", "PHONE_NUMBER"]
    for a, f in zip(annots, findings, strict=True):
        assert a.info["title"] == f.entity_type
        assert f.text not in json.dumps(a.info, ensure_ascii=False)
        assert a.colors["stroke"] == pytest.approx(COLOURS[f.entity_type], abs=0.01)
    assert "山田太郎" in doc[0].get_text()  # highlight only marks
    assert not doc.is_encrypted


def test_redact_removes_text_and_other_occurrences(sample: Path, tmp_path: Path) -> None:
    findings = [
        _finding(sample, "山田太郎", "PERSON"),
        _finding(sample, "０３－１２３４－５６７８", "PHONE_NUMBER"),
    ]
    report = write_output(sample, tmp_path / "red.pdf", findings, "redact")
    assert report.verified and report.pages == (1,)
    assert report.applied == 3  # the name twice, the phone once
    doc = pymupdf.open(tmp_path / "red.pdf")
    text = doc[0].get_text()
    assert "山田" not in text and "５６７８" not in text
    # Neighbouring text on the same and adjacent lines survives.
    for kept in ("氏名：", "電話：", "担当者", "様", "備考：特になし"):
        assert kept in text
    assert "二頁目の本文" in doc[1].get_text()
    assert not any(doc.metadata[k] for k in ("author", "title"))
    assert "山田" not in (doc.get_xml_metadata() or "")
    assert not list(doc[0].annots())  # redactions applied, not pending
    assert list(tmp_path.glob("*.part")) == []


def test_redaction_on_rotated_page(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "r.pdf", [[Text("連絡先　鈴木一郎　まで", (80, 200))]], rotations=[90]
    )
    write_output(path, tmp_path / "o.pdf", [_finding(path, "鈴木一郎", "PERSON")], "redact")
    text = pymupdf.open(tmp_path / "o.pdf")[0].get_text()
    assert "鈴木" not in text and "連絡先" in text and "まで" in text


def test_incomplete_redaction_leaves_no_output(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rects pointing elsewhere and the repeat search disabled: the name stays extractable.
    good = _finding(sample, "山田太郎", "PERSON")
    wrong = Finding(
        1, "PERSON", "山田太郎", good.start, good.end, 0.9, "t", ((400, 700, 420, 720),)
    )
    monkeypatch.setattr(output, "MIN_REPEAT_CHARS", 10_000)
    dst = tmp_path / "never.pdf"
    with pytest.raises(RedactionIncomplete) as info:
        write_output(sample, dst, [wrong], "redact")
    assert "山田" not in str(info.value)  # no PII in error messages
    assert not dst.exists()
    assert list(tmp_path.glob("*.part")) == []


def test_encrypted_input_written_unencrypted(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "秘密の山田", fontname="japan")
    src = tmp_path / "enc.pdf"
    doc.save(src, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="o")
    pt = extract_page(open_pdf(src, "pw"), 1)
    f = Finding(1, "PERSON", "山田", 3, 5, 0.9, "t", span_rects(pt, 3, 5))
    write_output(src, tmp_path / "out.pdf", [f], "redact", password="pw")
    out = pymupdf.open(tmp_path / "out.pdf")
    assert not out.needs_pass and not out.is_encrypted
    assert out[0].get_text().strip() == "秘密の"


def test_bad_arguments(sample: Path, tmp_path: Path) -> None:
    with pytest.raises(InvalidOptions):
        write_output(sample, tmp_path / "x.pdf", [], "blur")  # type: ignore[arg-type]
    f = _finding(sample, "山田太郎", "PERSON")
    far = Finding(9, f.entity_type, f.text, f.start, f.end, f.score, f.recognizer, f.rects)
    with pytest.raises(PageRangeError):
        write_output(sample, tmp_path / "x.pdf", [far], "redact")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.corpus
def test_redact_corpus_invoice(corpus: Path, tmp_path: Path) -> None:
    src = corpus / "pdfs" / "ja_pii" / "pdfme__seikyusho.pdf"
    terms = {
        "出得太": "PERSON",
        "123-4567": "JP_POSTAL_CODE",
        "info@labelmake.jp": "EMAIL_ADDRESS",
        "大阪府大阪1-2-3-4": "LOCATION",
    }
    findings = [_finding(src, t, e) for t, e in terms.items()]
    report = write_output(src, tmp_path / "seikyusho.pdf", findings, "redact")
    assert report.verified
    after = extract_page(open_pdf(tmp_path / "seikyusho.pdf"), 1).text
    for term in terms:
        assert term not in after
    assert after.count("出得太") == 0  # both 東京都 出得太 and 大阪府 出得太
    assert "大阪マンション123号" in after  # the line below the address survives
    assert "株式会社labelmake.jp" in after


def test_one_character_finding_is_redacted_where_found_only(tmp_path: Path) -> None:
    # Contract placeholders: NER may tag one 「乙」 as an organisation; the others stay.
    path = make_pdf(tmp_path / "k.pdf", [[Text("甲と乙は、乙の責任において", (72, 100))]])
    pt = extract_page(open_pdf(path), 1)
    start = pt.text.index("乙")
    one = Finding(
        1, "ORGANIZATION", "乙", start, start + 1, 0.8, "t", span_rects(pt, start, start + 1)
    )
    dst = tmp_path / "k.red.pdf"
    write_output(path, dst, [one], "redact")
    text = extract_page(open_pdf(dst), 1).text
    assert text.count("乙") == 1 and "甲と" in text


def test_lone_latin_glyph_of_a_wrapped_value_is_redacted(tmp_path: Path) -> None:
    """An e-mail wrapped so that its last letter starts the next line alone. That letter's box
    (1 em in the CJK font) is taller than wide, and the glyph itself covers only the start of
    it: a core shrunk across x instead of y missed it (found by the 100-page benchmark)."""
    path = make_pdf(
        tmp_path / "wrap.pdf",
        [
            [
                Text("E-mail：tsubasasaito@example.ne", (56, 100), fontsize=10),
                Text("t", (56, 114.5), fontsize=10),
                Text("件名：業務委託契約の更新について", (56, 129), fontsize=10),
            ]
        ],
    )
    pt = extract_page(open_pdf(path), 1)
    assert "tsubasasaito@example.net" in pt.text  # the wrap joins the address
    finding = _finding(path, "tsubasasaito@example.net", "EMAIL_ADDRESS")
    assert len(finding.rects) == 2
    report = write_output(path, tmp_path / "out.pdf", [finding], "redact")
    assert report.verified
    after = extract_page(open_pdf(tmp_path / "out.pdf"), 1).text
    assert "t" not in after.replace("E-mail", "")
    assert "件名：業務委託契約の更新について" in after  # the next line is untouched
