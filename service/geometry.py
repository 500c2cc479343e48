"""Rectangles of a text span, from the per-character boxes of `PageText` (never `search_for`).

Rectangles are in the same space as the character boxes: PyMuPDF page space of the unrotated
page (see service/pdf.py), ready for `add_redact_annot` / `add_highlight_annot`.
"""

from __future__ import annotations

from service.layout import PageText
from service.records import Rect


def span_rects(page: PageText, start: int, end: int) -> tuple[Rect, ...]:
    """One rectangle per line the span [start, end) covers, in reading order.

    Each is the union of that line's character boxes inside the span; separators the joiner
    inserted (box None) are skipped, so a span across a line break yields one box per line.
    """
    return tuple(rect for rect, _down in span_lines(page, start, end))


def span_lines(page: PageText, start: int, end: int) -> tuple[tuple[Rect, bool], ...]:
    """`span_rects`, each rectangle with its line's axis: True where the line runs down the
    page (what redaction needs to know to shrink a box across its line, not along it)."""
    if not 0 <= start <= end <= len(page.text):
        raise ValueError(f"span {start}..{end} outside 0..{len(page.text)}")
    order: list[int] = []
    unions: dict[int, list[float]] = {}
    boxes, lines = page.boxes, page.lines
    for i in range(start, end):
        box = boxes[i]
        if box is None:
            continue
        line = lines[i]
        u = unions.get(line)
        if u is None:
            unions[line] = list(box)
            order.append(line)
        else:
            u[0] = min(u[0], box[0])
            u[1] = min(u[1], box[1])
            u[2] = max(u[2], box[2])
            u[3] = max(u[3], box[3])
    out = []
    for line in order:
        u = unions[line]
        rect = (u[0], u[1], u[2], u[3])
        down = page.line_down[line] if line < len(page.line_down) else runs_down(rect)
        out.append((rect, down))
    return tuple(out)


def runs_down(rect: Rect) -> bool:
    """The axis a rectangle's shape suggests when nothing else is known: taller than wide.
    Right for runs of glyphs; a guess for a single glyph (a Latin letter's box is taller than
    wide in horizontal text too)."""
    return rect[3] - rect[1] > rect[2] - rect[0]


def span_invisible(page: PageText, start: int, end: int) -> bool:
    """True when any character of the span is drawn invisibly (e.g. an OCR text layer)."""
    return any(page.invisible[start:end])
