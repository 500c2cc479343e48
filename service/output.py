"""Writing the reviewed PDF: highlights for review, or true redaction with a verification pass.

Redaction removes the text under each box (`apply_redactions`: text removed, image pixels under
the box blanked, vector graphics kept), redacts every other occurrence of each found string on
the same page (located through our own character map, never `search_for`), and scrubs document
metadata, XMP, thumbnails, JavaScript, embedded files and annotation replies. It then re-opens
the written file, re-extracts every touched page and proves that no redacted string (compared
after NFKC and whitespace removal) is still extractable; otherwise `RedactionIncomplete` and no
file at `dst`. Output goes to a temporary file beside `dst`, renamed only when done.

Annotations and error messages carry the entity type only, never the detected text.
Not handled: form-field (widget) values, which page text extraction does not see.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pymupdf

from service.errors import InvalidOptions, PageRangeError, RedactionIncomplete
from service.geometry import runs_down, span_lines
from service.layout import PageText
from service.pdf import extract_page, open_pdf
from service.records import Finding, Rect
from service.textmap import normalize

Mode = Literal["redact", "highlight"]

# Highlight colour per entity type (RGB 0..1); anything else gets the default yellow.
COLOURS: dict[str, tuple[float, float, float]] = {
    "PERSON": (1.0, 0.85, 0.2),
    "ORGANIZATION": (0.6, 0.85, 1.0),
    "LOCATION": (0.6, 1.0, 0.6),
    "PHONE_NUMBER": (1.0, 0.6, 0.6),
    "EMAIL_ADDRESS": (1.0, 0.7, 0.4),
    "JP_POSTAL_CODE": (0.75, 1.0, 0.75),
    "JP_MY_NUMBER": (1.0, 0.4, 0.4),
    "JP_CORPORATE_NUMBER": (0.7, 0.7, 1.0),
    "JP_BANK_ACCOUNT": (1.0, 0.5, 0.8),
    "JP_DRIVER_LICENSE": (0.9, 0.6, 1.0),
    "JP_PASSPORT": (0.8, 0.5, 1.0),
    "DATE_OF_BIRTH": (0.5, 0.9, 0.9),
    "CREDIT_CARD": (1.0, 0.45, 0.2),
    "IP_ADDRESS": (0.75, 0.75, 0.75),
    "URL": (0.7, 0.9, 1.0),
    "IBAN_CODE": (1.0, 0.55, 0.55),
    "US_SSN": (1.0, 0.35, 0.35),
}
DEFAULT_COLOUR = (1.0, 1.0, 0.0)
MIN_REPEAT_CHARS = 2  # a one-character "string" would black out every occurrence of that char
# Strings this long must be gone from the whole page after redaction; a single character
# (「乙」) may occur elsewhere legitimately, so it is checked inside its boxes only.
VERIFY_MIN_CHARS = 2
CORE_SHRINK = 0.35  # see _core()


@dataclass(frozen=True, slots=True)
class OutputReport:
    pages: tuple[int, ...]  # pages touched, 1-based
    applied: int  # highlight annotations added, or redaction boxes applied
    verified: bool


def write_output(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    findings: Iterable[Finding],
    mode: Mode,
    password: str | None = None,
) -> OutputReport:
    if mode not in ("redact", "highlight"):
        raise InvalidOptions(f"unknown output mode {mode!r}")
    by_page: dict[int, list[Finding]] = {}
    for f in findings:
        by_page.setdefault(f.page, []).append(f)
    doc = open_pdf(src, password)
    try:
        for pno in by_page:
            if not 1 <= pno <= doc.page_count:
                raise PageRangeError(f"finding on page {pno}, outside 1..{doc.page_count}")
        if mode == "highlight":
            applied = _highlight(doc, by_page)
            secrets: dict[int, set[str]] = {}
        else:
            applied, secrets = _redact(doc, by_page)
        target = Path(dst)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        os.close(fd)
        try:
            doc.save(tmp, garbage=3, deflate=True, encryption=pymupdf.PDF_ENCRYPT_NONE)
            doc.close()
            verified = _verify(tmp, secrets) if mode == "redact" else _count(tmp) == applied
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    finally:
        if not doc.is_closed:
            doc.close()
    return OutputReport(tuple(sorted(by_page)), applied, verified)


def _highlight(doc: pymupdf.Document, by_page: dict[int, list[Finding]]) -> int:
    applied = 0
    for pno, page_findings in by_page.items():
        page = doc.load_page(pno - 1)
        for f in page_findings:
            colour = COLOURS.get(f.entity_type, DEFAULT_COLOUR)
            for rect in f.rects:
                annot = page.add_highlight_annot(pymupdf.Rect(rect))
                annot.set_colors(stroke=colour)
                annot.set_info(content=f.entity_type, title=f.entity_type, subject=f.entity_type)
                annot.update()
                applied += 1
    return applied


def _count(path: str) -> int:
    with pymupdf.open(path) as doc:
        return sum(
            1 for page in doc for a in page.annots() if a.type[0] == pymupdf.PDF_ANNOT_HIGHLIGHT
        )


def compact(text: str) -> str:
    """The comparison form of a redacted string: NFKC, whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


# A line's rectangle and whether that line runs down the page (see `_core`).
LineBox = tuple[Rect, bool]


@dataclass(frozen=True, slots=True)
class _Secrets:
    """What must be gone from one page: repeated strings anywhere, and any glyph whose centre
    lies in the removal core of a redacted box."""

    strings: frozenset[str]
    cores: tuple[Rect, ...]


def _redact(
    doc: pymupdf.Document, by_page: dict[int, list[Finding]]
) -> tuple[int, dict[int, _Secrets]]:
    applied = 0
    secrets: dict[int, _Secrets] = {}
    for pno, page_findings in by_page.items():
        pt = extract_page(doc, pno)
        keys = {k for k in (compact(f.text) for f in page_findings) if k}
        found: list[LineBox] = [b for f in page_findings for b in _line_boxes(pt, f)]
        found += _occurrences(pt, [k for k in keys if len(k) >= MIN_REPEAT_CHARS])
        boxes = list(dict.fromkeys(found))  # de-duplicated, order kept
        cores = tuple(_core(rect, down) for rect, down in boxes)
        page = doc.load_page(pno - 1)
        for core in cores:
            page.add_redact_annot(pymupdf.Rect(core), fill=(0, 0, 0), cross_out=False)
            applied += 1
        page.apply_redactions(
            images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
            graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
            text=pymupdf.PDF_REDACT_TEXT_REMOVE,
        )
        if boxes:  # the visible black bars: most of the line height, not just the core
            shape = page.new_shape()
            for rect, down in boxes:
                shape.draw_rect(pymupdf.Rect(_shrink(rect, down, 0.18, 0.0)))
            shape.finish(color=None, fill=(0, 0, 0), width=0)
            shape.commit()
        strings = frozenset(k for k in keys if len(k) >= VERIFY_MIN_CHARS)
        secrets[pno] = _Secrets(strings, cores)
    doc.set_metadata({})
    doc.del_xml_metadata()
    # Thumbnails show the unredacted page; attachments and JS can hold anything. Hidden text
    # (OCR layers) stays: what we found in it was redacted like visible text.
    doc.scrub(
        attached_files=True,
        clean_pages=False,
        embedded_files=True,
        hidden_text=False,
        javascript=True,
        metadata=True,
        redactions=False,
        remove_links=False,
        reset_fields=False,
        reset_responses=True,
        thumbnails=True,
        xml_metadata=True,
    )
    return applied, secrets


def _line_boxes(pt: PageText, f: Finding) -> tuple[LineBox, ...]:
    """The finding's rectangles with their lines' axes, from the page's character map.

    The map is the one the scan used (same file, same extraction), so its line rectangles equal
    the finding's (up to the records' rounding). Should they differ - findings edited by a
    reviewer, a different extraction - the rectangles are used as given, their shape deciding
    the axis."""
    if 0 <= f.start <= f.end <= len(pt.text):
        lines = span_lines(pt, f.start, f.end)
        if len(lines) == len(f.rects) and all(
            max(abs(a - b) for a, b in zip(rect, given, strict=True)) < 0.01
            for (rect, _down), given in zip(lines, f.rects, strict=True)
        ):
            return lines
    return tuple((tuple(r), runs_down(r)) for r in f.rects)  # type: ignore[misc]


def _core(rect: Rect, down: bool) -> Rect:
    """What MuPDF is told to remove: the middle of the line box.

    Glyph boxes span the font's full ascender to descender, so they overlap the lines above
    and below, and MuPDF removes every glyph a redaction box touches: the full box would take
    glyphs of the neighbouring lines with it. So we keep only the middle 30% across the line
    and step in a little along it, away from the neighbouring glyphs of the same line. Which
    way is "across" comes from the line, never from the box's shape: a lone Latin glyph's box
    is taller than wide, and a glyph narrower than its box (「t」 in a CJK font) sits at the
    box's start, so shrinking it the wrong way misses the glyph entirely.
    """
    return _shrink(rect, down, CORE_SHRINK, 0.1)


def _shrink(rect: Rect, down: bool, across: float, along: float) -> Rect:
    x0, y0, x1, y1 = rect
    if not down:
        d, e = across * (y1 - y0), min(along * (y1 - y0), 0.25 * (x1 - x0))
        return (x0 + e, y0 + d, x1 - e, y1 - d)
    d, e = across * (x1 - x0), min(along * (x1 - x0), 0.25 * (y1 - y0))
    return (x0 + d, y0 + e, x1 - d, y1 - e)


def _occurrences(pt: PageText, keys: Iterable[str]) -> list[LineBox]:
    """Line boxes of every occurrence of each key in the page's compacted NFKC text."""
    norm = normalize(pt.text)
    where = [i for i, ch in enumerate(norm.text) if not ch.isspace()]
    haystack = "".join(norm.text[i] for i in where)
    boxes: list[LineBox] = []
    for key in keys:
        pos = haystack.find(key)
        while pos >= 0:
            start, end = norm.to_original(where[pos], where[pos + len(key) - 1] + 1)
            boxes += span_lines(pt, start, end)
            pos = haystack.find(key, pos + 1)
    return boxes


def _verify(path: str, secrets: dict[int, _Secrets]) -> bool:
    """Re-extract every touched page: no redacted string (two or more characters) may remain
    anywhere on it, and no glyph may remain inside a redacted box. The box test covers
    one-character findings (「乙」), whose string legitimately occurs elsewhere on the page."""
    doc = open_pdf(path)
    try:
        for pno, secret in secrets.items():
            pt = extract_page(doc, pno)
            haystack = compact(pt.text)
            left = sum(1 for key in secret.strings if key in haystack)
            left += sum(
                1
                for ch, box in zip(pt.text, pt.boxes, strict=True)
                if box is not None and not ch.isspace() and _inside_any(box, secret.cores)
            )
            if left:
                raise RedactionIncomplete(
                    f"page {pno}: {left} redacted string(s) or glyph(s) still extractable "
                    "after redaction"
                )
    finally:
        doc.close()
    return True


def _inside_any(box: Rect, cores: tuple[Rect, ...]) -> bool:
    """The glyph's centre lies in the removal core of a redacted box."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in cores)
