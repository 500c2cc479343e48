"""Lay labelled sentences out on PDF pages with PyMuPDF, many per page, wrapping long ones.

We wrap lines ourselves (measuring glyph advances) rather than using `insert_textbox`, so a
sample can ask for a line break at an exact offset, e.g. inside a phone number, the way a
narrow table cell would split it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pymupdf

from bench.eval_data import Sample

PAGE_W, PAGE_H = 595.0, 842.0  # A4
MARGIN = 50.0
FONT_SIZE = 10.0
LEADING = 14.0
# A blank line between samples: closer, the engine reads the next sample as the wrapped
# continuation of this one and joins Japanese lines without a separator, so one sentence's
# name would run into the next one's (a layout artefact the gold data cannot account for).
GAP = LEADING
FONTS = {"ja": "japan", "en": "helv"}


def _advance(fontname: str) -> Callable[[str], float]:
    """Glyph advance as the PDF will draw it. PyMuPDF writes the built-in CJK font without
    widths, so viewers (and MuPDF) give every glyph, Latin included, one em; its `Font`
    metrics say otherwise and would let lines run off the page."""
    if fontname == "japan":
        return lambda ch: FONT_SIZE
    font = pymupdf.Font(fontname)
    return lambda ch: font.text_length(ch, fontsize=FONT_SIZE)


def _wrap(
    text: str, advance: Callable[[str], float], width: float, breaks: Sequence[int]
) -> list[str]:
    """Split `text` into lines no wider than `width`; always break at '\\n' and `breaks`."""
    forced = set(breaks)
    lines: list[str] = []
    line_start = 0
    used = 0.0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\n" or (i in forced and i > line_start):
            lines.append(text[line_start:i])
            line_start = i + 1 if ch == "\n" else i
            used = 0.0
            i = line_start
            continue
        adv = advance(ch)
        if used + adv > width and i > line_start:
            cut = i
            # English: break after the last space on the line when there is one.
            space = text.rfind(" ", line_start, i)
            if not any(c >= "\u3040" for c in text[line_start:i]) and space > line_start:
                cut = space + 1
            lines.append(text[line_start:cut])
            line_start, used, i = cut, 0.0, cut
            continue
        used += adv
        i += 1
    lines.append(text[line_start:])
    return lines


def _layout(
    sample: Sample, advance: Callable[[str], float], width: float
) -> tuple[Callable[[str], float], float, Sequence[int]]:
    """A sample with a break point is set in a column exactly as wide as the text before the
    break, so the value wraps there naturally and the line above is a full line - as in a
    real narrow column. (A forced short line would be a hard line break, not a wrap.)"""
    if sample.breaks:
        cut = sample.breaks[0]
        column = sum(advance(ch) for ch in sample.text[:cut])
        if "\n" not in sample.text[:cut] and 0 < column <= width:
            return advance, column + 0.01, ()
    return advance, width, sample.breaks


def render(samples: Sequence[Sample], path: Path, lang: str = "ja") -> list[list[int]]:
    """Write the samples to `path` in order; returns the sample indices on each page."""
    fontname = FONTS[lang]
    advance = _advance(fontname)
    width = PAGE_W - 2 * MARGIN
    doc = pymupdf.open()
    pages: list[list[int]] = []
    page = None
    y = PAGE_H
    for idx, sample in enumerate(samples):
        lines = _wrap(sample.text, *_layout(sample, advance, width))
        height = len(lines) * LEADING
        if page is None or y + height > PAGE_H - MARGIN:
            page = doc.new_page(width=PAGE_W, height=PAGE_H)
            pages.append([])
            y = MARGIN + FONT_SIZE
        for line in lines:
            if line.strip():
                page.insert_text((MARGIN, y), line, fontname=fontname, fontsize=FONT_SIZE)
            y += LEADING
        y += GAP
        pages[-1].append(idx)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return pages
