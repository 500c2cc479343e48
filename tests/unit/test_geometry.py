"""Wrong-rectangle regression guard: rects computed from offsets must sit on the term, and the
text under each rect must be the term (on upright and rotated pages)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from service.geometry import span_invisible, span_rects
from service.pdf import extract_page, open_pdf
from tests.pdfs import Text, make_pdf

TERMS = [
    "山田太郎",
    "東京都新宿区西新宿二丁目",
    "株式会社テスト",
    "やまだたろう",
    "ヤマダタロウ",
    "０３－１２３４－５６７８",
    "090-1234-5678",
    "taro@example.jp",
    "〒160-0023",
    "鈴木一郎様",
    "大阪府大阪市北区梅田１丁目",
    "佐藤花子",
    "マイナンバー123456789012",
    "日本橋ビル３階",
]
FONTSIZE = 11.0


def _layout() -> list[Text]:
    # One term per row, each preceded and followed by filler so offsets are not trivial.
    return [
        Text(f"氏名：{term}　以上", (60, 80 + 40 * i), fontsize=FONTSIZE)
        for i, term in enumerate(TERMS)
    ]


@pytest.fixture(scope="module", params=[0, 90, 180, 270])
def rotated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("geo") / f"terms_{request.param}.pdf"
    return make_pdf(path, [_layout()], rotations=[request.param])


def test_rect_of_each_term_is_on_the_term(rotated: Path) -> None:
    doc = open_pdf(rotated)
    page = doc[0]
    pt = extract_page(doc, 1)
    prefix_width = 3 * FONTSIZE  # "氏名：": CID fonts advance CJK glyphs by 1 em
    for i, term in enumerate(TERMS):
        start = pt.text.index(term)
        rects = span_rects(pt, start, start + len(term))
        assert len(rects) == 1
        x0, y0, x1, y1 = rects[0]
        # Inserted at origin (60, 80 + 40 i), baseline y: the box must start after the prefix,
        # straddle the baseline, and be as wide as the term.
        baseline = 80 + 40 * i
        assert x0 == pytest.approx(60 + prefix_width, abs=0.5)
        if all(ord(c) >= 0x2E80 for c in term):  # all 1 em wide; Latin widths are the font's
            assert x1 == pytest.approx(60 + prefix_width + len(term) * FONTSIZE, abs=0.5)
        else:
            assert x1 > x0 + len(term) * FONTSIZE * 0.3
        assert y0 < baseline < y1 and y1 - y0 < 2 * FONTSIZE
        # Conversely, the text under the rect is the term, nothing more, nothing less.
        assert page.get_textbox(pymupdf.Rect(rects[0])).strip() == term


def test_redact_annotation_at_rect_removes_exactly_the_term(rotated: Path) -> None:
    doc = open_pdf(rotated)
    pt = extract_page(doc, 1)
    start = pt.text.index(TERMS[0])
    (rect,) = span_rects(pt, start, start + len(TERMS[0]))
    page = doc[0]
    page.add_redact_annot(pymupdf.Rect(rect))
    page.apply_redactions()
    text = page.get_text()
    assert TERMS[0] not in text
    assert "氏名：" in text and "以上" in text
    assert TERMS[1] in text


def test_span_across_line_break_gives_one_rect_per_line(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "wrap.pdf",
        [[Text("住所は東京都新宿", (60, 100)), Text("区西新宿です", (60, 118))]],
    )
    doc = open_pdf(path)
    pt = extract_page(doc, 1)
    assert "東京都新宿区西新宿" in pt.text  # CJK lines join with no separator
    start = pt.text.index("東京都新宿区西新宿")
    rects = span_rects(pt, start, start + len("東京都新宿区西新宿"))
    assert len(rects) == 2
    assert rects[0][1] < rects[1][1]  # reading order: first line first
    assert doc[0].get_textbox(pymupdf.Rect(rects[0])).strip() == "東京都新宿"
    assert doc[0].get_textbox(pymupdf.Rect(rects[1])).strip() == "区西新宿"


def test_separators_are_skipped(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "en.pdf",
        [
            [
                Text("Call Taro", (60, 100), fontname="helv"),
                Text("today", (60, 114), fontname="helv"),
            ]
        ],
    )
    pt = extract_page(open_pdf(path), 1)
    assert pt.text == "Call Taro\ntoday"
    sep = pt.text.index("\n")
    assert pt.boxes[sep] is None and pt.lines[sep] == -1
    assert span_rects(pt, sep, sep + 1) == ()
    assert len(span_rects(pt, 5, len(pt.text))) == 2


def test_vertical_span_is_one_column_rect(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "v.pdf",
        [[Text("縦書きの山田太郎です", (300, 100), vertical=True)]],
    )
    doc = open_pdf(path)
    pt = extract_page(doc, 1)
    start = pt.text.index("山田太郎")
    (rect,) = span_rects(pt, start, start + 4)
    assert rect[3] - rect[1] > 3 * (rect[2] - rect[0])  # tall and thin
    assert doc[0].get_textbox(pymupdf.Rect(rect)).replace("\n", "") == "山田太郎"


def test_span_invisible(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "inv.pdf",
        [[Text("見える山田", (60, 100)), Text("見えない鈴木", (60, 200), render_mode=3)]],
    )
    pt = extract_page(open_pdf(path), 1)
    a = pt.text.index("山田")
    b = pt.text.index("鈴木")
    assert not span_invisible(pt, a, a + 2)
    assert span_invisible(pt, b, b + 2)


def test_out_of_range() -> None:
    from service.layout import PageText

    pt = PageText(1, "ab", [(0, 0, 1, 1), (1, 0, 2, 1)], [0, 0], [False, False])
    with pytest.raises(ValueError):
        span_rects(pt, 1, 3)
    assert span_rects(pt, 0, 2) == ((0, 0, 2, 1),)
