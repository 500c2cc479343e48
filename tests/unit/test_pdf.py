from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from service.errors import (
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    InputError,
    NotAPdf,
    PageRangeError,
    WrongPassword,
)
from service.pdf import document_info, extract_page, mupdf_warnings, open_pdf
from tests.pdfs import Text, make_pdf

ROOT = Path(__file__).resolve().parents[2]


# --- opening ---------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "e.pdf").write_bytes(b"")
    with pytest.raises(EmptyFile):
        open_pdf(tmp_path / "e.pdf")


def test_not_a_pdf(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"PK\x03\x04" + b"\0" * 2000 + b"%PDF-1.7")
    with pytest.raises(NotAPdf):
        open_pdf(tmp_path / "x.pdf")


def test_header_after_junk_is_accepted(tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "a.pdf", [[Text("山田", (72, 100))]])
    (tmp_path / "junk.pdf").write_bytes(b"junk" * 10 + src.read_bytes())
    open_pdf(tmp_path / "junk.pdf").close()


def test_garbage_after_header_is_corrupt(tmp_path: Path) -> None:
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    with pytest.raises(InputError):
        open_pdf(tmp_path / "c.pdf")


def test_encrypted_generated(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "秘密", fontname="japan")
    path = tmp_path / "enc.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(EncryptedPdf):
        open_pdf(path)
    with pytest.raises(WrongPassword):
        open_pdf(path, "nope")
    assert "秘密" in extract_page(open_pdf(path, "u"), 1).text
    info = document_info(path, "u")
    assert info.encrypted and info.pages == 1


def test_document_info(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "i.pdf", [[Text("山田 太郎", (72, 100))], []])
    info = document_info(path)
    assert info.pages == 2
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert info.page_chars == (4, 0)
    assert not info.encrypted
    assert document_info(path, sha256="abc").sha256 == "abc"


def test_page_range(tmp_path: Path) -> None:
    doc = open_pdf(make_pdf(tmp_path / "r.pdf", [[Text("a", (72, 100))]]))
    with pytest.raises(PageRangeError):
        extract_page(doc, 2)
    with pytest.raises(PageRangeError):
        extract_page(doc, 0)


# --- extraction ------------------------------------------------------------------------------


def test_joining_rules(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "j.pdf",
        [
            [
                Text("東京都新宿", (60, 100)),
                Text("区西新宿", (60, 118)),  # CJK wrap: no separator
                Text("TEL 03-1234-", (60, 160), fontname="helv"),
                Text("5678 (office)", (60, 178), fontname="helv"),  # phone wrap: none
                Text("Taro Yamada", (60, 220), fontname="helv"),
                Text("lives here", (60, 238), fontname="helv"),  # English: "\n"
                Text("氏名", (60, 300)),
                Text("山田", (300, 300)),  # side by side, not a wrap: "\n"
            ]
        ],
    )
    pt = extract_page(open_pdf(path), 1)
    assert "東京都新宿区西新宿" in pt.text
    assert "03-1234-5678" in pt.text
    assert "Taro Yamada\nlives here" in pt.text
    assert "氏名\n山田" in pt.text
    assert len(pt.text) == len(pt.boxes) == len(pt.lines) == len(pt.invisible)
    assert pt.quality == "ok"


def test_non_bmp_is_one_char_with_one_box(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "y.pdf", [[Text("𠮷野家の𠮷田さん", (60, 100))]])
    pt = extract_page(open_pdf(path), 1)
    assert pt.text == "𠮷野家の𠮷田さん"
    assert pt.boxes[0] == pytest.approx((60, 88, 72, 102.4), abs=0.5)
    assert pt.boxes[1][0] == pytest.approx(72, abs=0.5)


def test_invisible_text_flagged(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "inv.pdf",
        [[Text("見える", (60, 100)), Text("見えない山田", (60, 200), render_mode=3)]],
    )
    pt = extract_page(open_pdf(path), 1)
    assert "見えない山田" in pt.text
    i = pt.text.index("見えない山田")
    assert all(pt.invisible[i : i + 6])
    assert not any(pt.invisible[: pt.text.index("見える") + 3])


def test_empty_page(tmp_path: Path) -> None:
    pt = extract_page(open_pdf(make_pdf(tmp_path / "e.pdf", [[]])), 1)
    assert (pt.text, pt.quality, pt.text_chars) == ("", "empty", 0)


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_page_boxes_in_unrotated_space(tmp_path: Path, rotation: int) -> None:
    items = [Text("山田太郎", (100, 150))]
    upright = extract_page(open_pdf(make_pdf(tmp_path / "u.pdf", [items])), 1)
    doc = open_pdf(make_pdf(tmp_path / "r.pdf", [items], rotations=[rotation]))
    assert doc[0].rotation == rotation
    turned = extract_page(doc, 1)
    assert turned.text == upright.text == "山田太郎"
    assert turned.boxes == upright.boxes  # rotation is a view transform only
    assert doc[0].get_textbox(pymupdf.Rect(turned.boxes[0])) == "山"


def test_vertical_columns_right_to_left(tmp_path: Path) -> None:
    # Written left column first: reading order must still be right to left.
    path = make_pdf(
        tmp_path / "v.pdf",
        [
            [
                Text("二列目の文です", (260, 100), vertical=True),
                Text("一列目は山田", (290, 100), vertical=True),
            ]
        ],
    )
    pt = extract_page(open_pdf(path), 1)
    assert pt.text == "一列目は山田二列目の文です"
    first, last = pt.boxes[0], pt.boxes[5]
    assert first[1] < last[1] and first[0] == last[0]  # top to bottom within a column


def test_page_failure_is_corrupt_pdf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    doc = open_pdf(make_pdf(tmp_path / "f.pdf", [[Text("a", (72, 100))]]))

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("code=7: synthetic MuPDF failure")

    monkeypatch.setattr(pymupdf.Page, "get_text", boom)
    with pytest.raises(CorruptPdf, match=r"^page 1:"):
        extract_page(doc, 1)


# --- corpus ----------------------------------------------------------------------------------

_PROBE = """
import json, sys
from service.errors import InputError
from service.pdf import document_info, extract_page, open_pdf
try:
    info = document_info(sys.argv[1])
    doc = open_pdf(sys.argv[1])
    pages = []
    for n in range(1, doc.page_count + 1):
        try:
            pages.append(extract_page(doc, n).quality)
        except InputError as exc:
            pages.append("error:" + type(exc).__name__)
    print(json.dumps({"ok": pages}))
except InputError as exc:
    print(json.dumps({"error": type(exc).__name__}))
"""


def _broken_files() -> list[str]:
    from tests.conftest import CORPUS

    folder = CORPUS / "pdfs" / "broken"
    return sorted(p.name for p in folder.glob("*.pdf")) if folder.is_dir() else []


@pytest.mark.corpus
@pytest.mark.parametrize("name", _broken_files())
def test_broken_corpus_opens_or_raises_input_error(corpus: Path, name: str) -> None:
    # A subprocess per file: a crash or hang inside MuPDF must not take the test run with it.
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, str(corpus / "pdfs" / "broken" / name)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if "error" in result:
        assert result["error"] in {"EmptyFile", "NotAPdf", "CorruptPdf", "NoPages"}
    else:
        assert result["ok"], "a document that opens has pages"
        assert all(q in {"ok", "empty", "garbled", "error:CorruptPdf"} for q in result["ok"])


def _passwords(corpus: Path) -> dict[str, str | None]:
    entries = json.loads((corpus / "pdfs" / "provenance.json").read_text())
    out: dict[str, str | None] = {}
    for e in entries:
        if e["category"] == "encrypted":
            pw = e["password"]
            if pw and "user:" in pw:
                pw = pw.split("user:")[1].split("/")[0].strip()
            elif pw and pw.startswith("owner:"):
                pw = None  # owner password only: opens without one
            out[Path(e["dest"]).name] = pw
    return out


@pytest.mark.corpus
def test_encrypted_corpus(corpus: Path) -> None:
    passwords = _passwords(corpus)
    assert len(passwords) == 9
    for name, password in passwords.items():
        path = corpus / "pdfs" / "encrypted" / name
        if password is None:
            open_pdf(path).close()  # unencrypted, owner-only or empty user password
            continue
        with pytest.raises(EncryptedPdf):
            open_pdf(path)
        with pytest.raises(WrongPassword):
            open_pdf(path, password + "x")
        doc = open_pdf(path, password)
        assert extract_page(doc, 1).quality in {"ok", "empty"}


@pytest.mark.corpus
def test_empty_user_password_opens_without_one(corpus: Path) -> None:
    doc = open_pdf(corpus / "pdfs" / "ja_text" / "pdfminer__kampo.pdf")
    pt = extract_page(doc, 1)
    assert pt.quality == "ok" and pt.text_chars > 2000
    assert "第二条第一項の表の青色の灯火" in pt.text  # vertical, glyph-per-line, joined


@pytest.mark.corpus
def test_vertical_corpus(corpus: Path) -> None:
    jo = extract_page(open_pdf(corpus / "pdfs" / "ja_text" / "pdfminer__jo.pdf"), 1)
    assert "わたくしといふ現象は假定された有機交流電燈の" in jo.text
    assert jo.text.index("わたくし") < jo.text.index("因果交流電燈")  # right to left
    v = extract_page(open_pdf(corpus / "pdfs" / "ja_text" / "pdfjs__issue6387.pdf"), 1)
    assert v.text.startswith("あのイーハトーヴォのすきとおった風")


@pytest.mark.corpus
def test_multicolumn_corpus(corpus: Path) -> None:
    pt = extract_page(open_pdf(corpus / "pdfs" / "en" / "samplefiles__multicolumn.pdf"), 1)
    # Column text stays in sentence order rather than interleaving the two columns.
    assert pt.text.index("Lorem ipsum dolor sit amet") < pt.text.index("Nam arcu libero")
    # A word hyphenated at a wrap stays one token (the joiner's punctuation rule).
    assert "Pellentesque habitant morbi tris-tique senectus" in pt.text


@pytest.mark.corpus
def test_non_bmp_corpus(corpus: Path) -> None:
    pt = extract_page(open_pdf(corpus / "pdfs" / "ja_text" / "pdfjs__issue16176.pdf"), 1)
    assert pt.text == "𠮷" and len(pt.boxes) == 1


@pytest.mark.corpus
def test_ocr_layer_is_invisible(corpus: Path) -> None:
    path = corpus / "pdfs" / "scanned" / "pypdf__Seige_of_Vicksburg_Sample_OCR.pdf"
    pt = extract_page(open_pdf(path), 1)
    assert pt.text_chars > 1000 and sum(pt.invisible) > 0.9 * len(pt.text)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("ja_forms/pdfme_gov__mhlw-regular-health-check-personal-record.pdf", "garbled"),
        ("ja_fail/pdfjs__90ms_rksj_h_sample.pdf", "garbled"),
        ("ja_fail/pdfminer__simple3.pdf", "garbled"),
        ("ja_pii/pdfme__seikyusho.pdf", "ok"),
        ("ja_pii/pdfme__rirekisho.pdf", "ok"),
        ("ja_text/pdfminer__kampo.pdf", "ok"),
        ("ja_text/pdfminer__nlp2004slides.pdf", "ok"),
        ("en/pdfjs__tracemonkey.pdf", "ok"),
        ("en/pdfjs__pr12564.pdf", "ok"),  # spaces extracted as "#": odd, but readable
        ("cjk_other/pdfplumber__issue-71-duplicate-chars.pdf", "ok"),
        ("scanned/pdfminer__175.pdf", "empty"),
    ],
)
def test_quality_corpus(corpus: Path, rel: str, expected: str) -> None:
    doc = open_pdf(corpus / "pdfs" / rel)
    assert {extract_page(doc, n).quality for n in range(1, min(doc.page_count, 3) + 1)} == {
        expected
    }


@pytest.mark.corpus
def test_warnings_are_retrievable_not_printed(corpus: Path, capfd: pytest.CaptureFixture) -> None:
    mupdf_warnings()
    open_pdf(corpus / "pdfs" / "broken" / "pdfjs__xref_command_missing.pdf").close()
    out, err = capfd.readouterr()
    assert "error" not in (out + err).lower()
    assert mupdf_warnings()  # e.g. "repairing PDF document"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # A number wrapped inside a full line of Japanese text is joined.
        (["運転免許証の番号は第714249", "623353号です。"], "第714249623353号です。"),
        (["生年月日は1939年", "06月20日です。"], "1939年06月20日です。"),
        # A phone number broken before a hyphen is joined too.
        (["TEL 050-4085", "-0886（平日9時〜18時）"], "050-4085-0886"),
        # An e-mail address broken at its punctuation is joined.
        (["連絡先のメールアドレスはzsasaki@", "example.orgまで"], "zsasaki@example.orgまで"),
        # A family and given name broken after the space keep the space, lose the break.
        (["担当は後藤 ", "直子様です。"], "後藤 直子様"),
    ],
)
def test_wrapped_values_are_joined(tmp_path: Path, lines: list[str], expected: str) -> None:
    items = [Text(line, (72, 100 + 14 * i)) for i, line in enumerate(lines)]
    pt = extract_page(open_pdf(make_pdf(tmp_path / "w.pdf", [items])), 1)
    assert expected in pt.text


@pytest.mark.parametrize(
    "lines",
    [
        ["03-1234-5678", "03-9876-5432"],  # a column of numbers, no Japanese text
        ["電話 03-1234-5678", "0120-123-456 (フリーダイヤル)"],  # upper line is not full
        ["売上 1200", "-200 返品"],  # a lone number over a negative amount
    ],
)
def test_stacked_cells_stay_apart(tmp_path: Path, lines: list[str]) -> None:
    items = [Text(line, (72, 100 + 14 * i)) for i, line in enumerate(lines)]
    pt = extract_page(open_pdf(make_pdf(tmp_path / "s.pdf", [items])), 1)
    assert lines[0].rstrip()[-4:] + "\n" + lines[1][:4] in pt.text
