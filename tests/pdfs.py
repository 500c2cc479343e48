"""PDF builders for tests: Japanese/English text at known positions, with PyMuPDF's built-in fonts.

    make_pdf(path, [[Text("山田太郎", (72, 100)), Text("hidden", (72, 200), render_mode=3)]],
             rotations=[90])

Fonts: "japan" (MuPDF's built-in CJK Gothic, not embedded, CMap UniJIS-UTF16-H) and "helv".
Vertical writing: `vertical=True` draws with a second copy of the CJK font whose CMap is
UniJIS-UTF16-V (Identity-V style vertical metrics): glyphs run downwards from `pos`.
Non-BMP characters (𠮷): PyMuPDF's insert_text writes them as bare code points, so the builder
rewrites them as UTF-16 surrogate pairs. The built-in font has no glyph for 𠮷, so it renders
as .notdef (an empty box), but it is in the text layer with its own box, which is what the
extraction tests need.

Coordinates: `pos` is the text origin (baseline start) in PyMuPDF page space of the unrotated
page; `rotations` only sets /Rotate afterwards, so the content stays where it was put.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pymupdf

JA = "japan"
_VFONT = "japan-v"  # resource name of the vertical copy of the CJK font
_PLACEHOLDER = "〓"  # stands in for a non-BMP char until the content stream is patched


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    pos: tuple[float, float]
    fontsize: float = 12.0
    fontname: str = JA
    render_mode: int = 0  # 3: invisible (OCR layer style)
    vertical: bool = False
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)


def make_pdf(
    path: str | os.PathLike[str],
    pages: list[list[Text]],
    *,
    rotations: list[int] | None = None,
    size: tuple[float, float] = (595.0, 842.0),
) -> Path:
    doc = pymupdf.open()
    for index, items in enumerate(pages):
        page = doc.new_page(width=size[0], height=size[1])
        patches: list[tuple[str, str]] = []
        vertical = False
        for item in items:
            safe = "".join(_PLACEHOLDER if ord(c) > 0xFFFF else c for c in item.text)
            if safe != item.text:
                patches.append((_hex(safe), _hex(item.text)))
            # "japan-s" gets its own resource name; it is re-pointed to a vertical font below.
            name = "japan-s" if item.vertical else item.fontname
            vertical = vertical or item.vertical
            page.insert_text(
                item.pos,
                safe,
                fontname=name,
                fontsize=item.fontsize,
                render_mode=item.render_mode,
                color=item.color,
            )
        if vertical:
            _make_vertical_font(doc, page)
        if patches:
            _patch_contents(doc, page, patches)
        if rotations and index < len(rotations):
            page.set_rotation(rotations[index])
    target = Path(path)
    doc.save(target)
    doc.close()
    return target


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex()


def _make_vertical_font(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    """Point the page's "japan-s" resource at a copy of the CJK font with a vertical CMap."""
    xref = next(f[0] for f in page.get_fonts(full=True) if f[4] == "japan-s")
    copy = doc.get_new_xref()
    doc.update_object(copy, doc.xref_object(xref).replace("UniJIS-UTF16-H", "UniJIS-UTF16-V"))
    kind, value = doc.xref_get_key(page.xref, "Resources")
    owner, key = (
        (int(value.split()[0]), "Font") if kind == "xref" else (page.xref, "Resources/Font")
    )
    kind, value = doc.xref_get_key(owner, key)
    if kind == "xref":  # the font dictionary itself is an object of its own
        owner, key = int(value.split()[0]), ""
    doc.xref_set_key(owner, f"{key}/japan-s".lstrip("/"), f"{copy} 0 R")


def _patch_contents(
    doc: pymupdf.Document, page: pymupdf.Page, patches: list[tuple[str, str]]
) -> None:
    for xref in page.get_contents():
        stream = doc.xref_stream(xref).decode("latin-1")
        for placeholder, real in patches:
            # insert_text wrote a hex string of the placeholder text (4 hex digits per char).
            stream = re.sub(f"<{placeholder}>", f"<{real}>", stream, flags=re.IGNORECASE)
        doc.update_stream(xref, stream.encode("latin-1"))


def em(text: str, item: Text) -> float:
    """Advance width of `text` for the built-in CJK font: 1 em per CJK char, measured otherwise."""
    font = pymupdf.Font(JA if item.fontname in (JA, "japan-s") else item.fontname)
    return font.text_length(text, fontsize=item.fontsize)
