"""From MuPDF's `rawdict` lines to one page's text in reading order, a box per character.

Reading order is MuPDF's (content-stream order of its blocks and lines), which follows the
author's order in real documents, including multi-column layouts; we never sort by position,
except that vertical columns lying side by side in one band are put right to left.

Lines are joined so that a hit split by a line break can still be found: where the next line
is where the previous one wraps to, CJK/CJK, a number or address broken at its punctuation,
and alphanumerics wrapped inside a full line of Japanese text join with no separator (rules in
`_separator`). Otherwise a "\n". Vertical Japanese comes out of MuPDF as
one line per glyph; glyphs stacked in a column are merged into one line here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from service.records import Rect
from service.textquality import is_cjk, is_digit, is_hyphen, quality

_DOUBLE = re.compile(r"(?=(.)\1)", re.DOTALL)
_PAINTED = 16 | 32  # FZ_STEXT_FILLED | FZ_STEXT_STROKED: neither set means render mode 3 or 7


@dataclass(slots=True)
class PageText:
    """One page's text and, per character of `text`, its box, line and visibility.

    Separators the joiner inserted have box None and line -1. `invisible[i]` is True for a char
    drawn invisibly (render mode 3/7, alpha 0: OCR layers, hidden text) - still PII.
    """

    page: int  # 1-based
    text: str
    boxes: list[Rect | None] = field(repr=False)
    lines: list[int] = field(repr=False)
    invisible: list[bool] = field(repr=False)
    quality: str = "ok"  # ok | empty | garbled
    text_chars: int = 0
    # Per line id: True where the line runs down the page (vertical writing, or text turned a
    # quarter turn), so "across the line" is x. A one-glyph box cannot tell by its shape.
    line_down: list[bool] = field(default_factory=list, repr=False)


@dataclass(slots=True)
class _Line:
    chars: list[str]
    boxes: list[Rect]
    hidden: list[bool]
    stackable: bool  # a single CJK glyph or vertical writing: may be one glyph of a column
    vertical: bool
    block: int
    upright: bool  # writing direction (1, 0): horizontal text on the unrotated page
    turned: bool  # writing direction mostly along y: text rotated a quarter turn

    @property
    def down(self) -> bool:
        return self.vertical or self.turned


def page_text(page_no: int, raw: dict[str, Any]) -> PageText:
    """Assemble page `page_no` (1-based) from `page.get_text("rawdict")` output."""
    lines = _merge_columns(_raw_lines(raw))
    _columns_right_to_left(lines)
    return _assemble(page_no, lines)


def _raw_lines(raw: dict[str, Any]) -> list[_Line]:
    """MuPDF's lines in its order (blocks flattened), overprinted duplicate glyphs dropped."""
    lines: list[_Line] = []
    for block_no, block in enumerate(raw["blocks"]):
        if block["type"] != 0:
            continue
        for line in block["lines"]:
            spans = line["spans"]
            # Comprehensions over the whole line, not a per-char loop: the hot path of a scan
            # (LaTeX output has a span every few characters).
            chars: list[str] = [ch["c"] for span in spans for ch in span["chars"]]
            boxes: list[Rect] = [ch["bbox"] for span in spans for ch in span["chars"]]
            if any(
                span["alpha"] == 0 or not span.get("char_flags", 16) & _PAINTED for span in spans
            ):
                hidden = [
                    span["alpha"] == 0 or not span.get("char_flags", 16) & _PAINTED
                    for span in spans
                    for _ in span["chars"]
                ]
            else:
                hidden = [False] * len(chars)
            if _needs_cleaning(chars, boxes):
                chars, boxes, hidden = _clean(chars, boxes, hidden)
            if not chars:
                continue
            vertical = line["wmode"] == 1
            if vertical or len(chars) > 3:
                stackable = vertical
            else:
                solid = [c for c in chars if not c.isspace()]
                stackable = len(solid) == 1 and is_cjk(solid[0])
            dx, dy = line["dir"]
            upright = dx > 0.99
            turned = abs(dy) > abs(dx)
            lines.append(
                _Line(chars, boxes, hidden, stackable, vertical, block_no, upright, turned)
            )
    return lines


def _overprint(a: Rect, b: Rect) -> bool:
    """Fake bold draws a glyph twice at (almost) the same spot. Compared with the glyph's own
    size, so a real "00" or "っっ" never collapses."""
    return abs(b[0] - a[0]) < 0.3 * (b[2] - b[0]) and abs(b[1] - a[1]) < 0.3 * (b[3] - b[1])


def _needs_cleaning(chars: list[str], boxes: list[Rect]) -> bool:
    text = "".join(chars)
    if len(text) != len(chars):  # a glyph mapped to several code points
        return True
    # The regex finds repeated characters at C speed; only those get a box comparison.
    return any(_overprint(boxes[m.start()], boxes[m.start() + 1]) for m in _DOUBLE.finditer(text))


def _clean(
    cs: list[str], bs: list[Rect], hs: list[bool]
) -> tuple[list[str], list[Rect], list[bool]]:
    """Drop overprinted duplicates; give each code point of a multi-code-point glyph its box."""
    chars: list[str] = []
    boxes: list[Rect] = []
    hidden: list[bool] = []
    pc, pb = "", (0.0, 0.0, 0.0, 0.0)
    for c, b, h in zip(cs, bs, hs, strict=True):
        if c == pc and _overprint(pb, b):
            continue
        pc, pb = c, b
        chars.extend(c)
        boxes.extend([b] * len(c))
        hidden.extend([h] * len(c))
    return chars, boxes, hidden


def _stacks_below(upper: Rect, lower: Rect) -> bool:
    """`lower` continues the vertical column whose last glyph is `upper`."""
    width = min(upper[2] - upper[0], lower[2] - lower[0])
    overlap = min(upper[2], lower[2]) - max(upper[0], lower[0])
    height = max(upper[3] - upper[1], 1.0)
    gap = lower[1] - upper[3]
    return overlap >= 0.5 * width and -0.5 * height <= gap <= 1.0 * height


def _merge_columns(lines: list[_Line]) -> list[_Line]:
    """Merge glyph-per-line vertical writing (even across MuPDF blocks) into column lines."""
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.stackable
            and line.stackable
            and _stacks_below(prev.boxes[-1], line.boxes[0])
        ):
            prev.chars += line.chars
            prev.boxes += line.boxes
            prev.hidden += line.hidden
            prev.vertical = True
        else:
            out.append(line)
    return out


def _columns_right_to_left(lines: list[_Line]) -> None:
    """Sort each run of adjacent vertical columns that share one band of the page right to left.

    Runs spanning several bands (tiers of a gazette page, an indented quotation) keep the
    content-stream order, which is the author's.
    """
    i = 0
    while i < len(lines):
        if not lines[i].vertical:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].vertical:
            j += 1
        run = lines[i:j]
        top = max(min(b[1] for b in ln.boxes) for ln in run)
        bottom = min(max(b[3] for b in ln.boxes) for ln in run)
        if len(run) > 1 and top < bottom:
            lines[i:j] = sorted(run, key=lambda ln: -ln.boxes[0][0])
        i = j


_GLUE = frozenset("@._-/+")  # e-mail, URL and number punctuation: never the end of a value
_ALNUM = re.compile(r"[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _separator(before: str, after: str, prev: _Line, line: _Line, block_right: float) -> str:
    """What goes between two lines: "" keeps a word, number or address split by a wrap whole.

    Rules, applied only where `line` is where `prev` wraps to:
    - CJK on both sides: Japanese has no spaces, any break is a wrap;
    - "<digit><hyphen>" then a digit: a phone number broken after a hyphen; or a hyphenated
      number ("050-4085") then "<hyphen><digit>": broken before one;
    - e-mail/URL punctuation (`@ . - _ / +`) then an alphanumeric, or an alphanumeric then
      `@`/`.`: an address broken at its punctuation;
    - alphanumerics/CJK mixed (`第714249` / `623353号`, `1939年` / `06月`) when `prev` is a full
      line of the same block in Japanese text. Japanese wraps at any character, so numbers
      break mid-way; the "full line" test keeps stacked cells (TEL over FAX, a column of
      amounts) apart.
    """
    b, a = before.rstrip(), after.lstrip()
    if not b or not a or not _wraps(prev, line):
        return "\n"
    last, nxt = b[-1], a[0]
    if is_cjk(last) and is_cjk(nxt):
        return ""
    if is_hyphen(last) and is_digit(nxt) and len(b) > 1 and is_digit(b[-2]):
        return ""
    if is_digit(last) and is_hyphen(nxt) and len(a) > 1 and is_digit(a[1]) and _hyphenated(b):
        return ""  # 「050-4085」 / 「-0886」: the same break with the hyphen carried over
    last_word, next_word = bool(_ALNUM.match(last)), bool(_ALNUM.match(nxt))
    if (last in _GLUE and next_word and len(b) > 1 and _ALNUM.match(b[-2])) or (
        last_word and nxt in "@."
    ):
        return ""
    mixed = (last_word or is_cjk(last)) and (next_word or is_cjk(nxt))
    # Only inside one MuPDF block: a paragraph's wrapped lines share a block, while a separate
    # text field placed below (an invoice's company name over its postal code) starts one of
    # its own, and a one-line block is trivially "full".
    if (
        mixed
        and prev.block == line.block
        and _full_line(prev, block_right)
        and any(is_cjk(c) for c in (*b, *a))
    ):
        return ""
    return "\n"


def _hyphenated(text: str) -> bool:
    """`text` ends in a group of a hyphenated number (「TEL 050-4085」), not in a lone number
    that a following "-200" in a table cell could be joined to."""
    i = len(text)
    while i and is_digit(text[i - 1]):
        i -= 1
    return i >= 2 and is_hyphen(text[i - 1]) and is_digit(text[i - 2])


def _full_line(line: _Line, block_right: float) -> bool:
    """The line runs to its block's right edge (within ~1.5 glyphs): it wrapped, not ended."""
    if line.vertical or not line.upright:
        return True
    x0, _y0, x1, _y1 = line.boxes[-1]
    return x1 >= block_right - 1.5 * max(x1 - x0, 1.0)


def _bbox(line: _Line) -> Rect:
    """Approximate line box from its first and last glyph: O(1), enough for `_wraps`."""
    a, b = line.boxes[0], line.boxes[-1]
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _wraps(prev: _Line, line: _Line) -> bool:
    """`line` is where the text of `prev` wraps to, not another field that happens to follow.

    Without this, form cells side by side ("東京都 出得太" | "印刷代一式") would fuse into one
    word. Horizontal text wraps to the next line down, overlapping horizontally; vertical text
    to the next column on the left, overlapping vertically. Other directions (text rotated on
    the page) are trusted to MuPDF's block grouping.
    """
    a, b = _bbox(prev), _bbox(line)
    if prev.vertical and line.vertical:
        width = max(a[2] - a[0], 1.0)
        return b[2] <= a[0] + 0.5 * width and a[0] - b[2] <= 1.5 * width and b[1] < a[3]
    if prev.upright and line.upright and not prev.vertical and not line.vertical:
        height = max(a[3] - a[1], 1.0)
        below = b[1] >= a[1] + 0.5 * height and b[1] - a[3] <= 1.2 * height
        return below and b[0] < a[2] and a[0] < b[2]
    return prev.block == line.block


def _assemble(page_no: int, lines: list[_Line]) -> PageText:
    parts: list[str] = []
    boxes: list[Rect | None] = []
    line_ids: list[int] = []
    hidden: list[bool] = []
    prev = ""
    block_right: dict[int, float] = {}
    for line in lines:
        right = max(box[2] for box in line.boxes)
        block_right[line.block] = max(block_right.get(line.block, right), right)
    for index, line in enumerate(lines):
        text = "".join(line.chars)
        if index:
            before = lines[index - 1]
            sep = _separator(prev, text, before, line, block_right[before.block])
            if sep:
                parts.append(sep)
                boxes.append(None)
                line_ids.append(-1)
                hidden.append(False)
        parts.append(text)
        boxes += line.boxes
        line_ids += [index] * len(line.boxes)
        hidden += line.hidden
        prev = text
    text = "".join(parts)
    kind, count = quality(text)
    down = [line.down for line in lines]
    return PageText(page_no, text, boxes, line_ids, hidden, kind, count, down)
