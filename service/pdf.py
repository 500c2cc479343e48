"""Opening PDFs and extracting each page's text with one box per character.

Coordinate space: every box is in PyMuPDF *page space* - PDF points, origin at the top left of
the unrotated page, y downwards - i.e. `/Rotate` is NOT applied. That is the space `rawdict`
reports and the space `Page.add_redact_annot` / `add_highlight_annot` / `get_textbox` take, so
boxes go to annotations unchanged on pages rotated 0/90/180/270 (checked in tests/unit/test_pdf.py
and test_geometry.py; viewers apply the rotation when displaying).

Reading order, line joining and vertical writing: see service/layout.py.

Errors: `open_pdf` raises the InputError subclasses in service.errors. `extract_page` raises
`CorruptPdf` (message starts with "page N:") when MuPDF fails on that page; the engine reports
that as a per-page `page_failed` and continues with the next page.
"""

from __future__ import annotations

import hashlib
import os

import pymupdf

from service.errors import (
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    NoPages,
    NotAPdf,
    PageRangeError,
    WrongPassword,
)
from service.layout import PageText, page_text
from service.records import DocumentInfo

__all__ = ["PageText", "document_info", "extract_page", "mupdf_warnings", "open_pdf", "quiet_mupdf"]

# No TEXT_PRESERVE_IMAGES: image blocks are useless here and cost 50 s on some files (corpus
# broken/pdfjs__issue16263.pdf). No CID-for-unknown: unmapped glyphs stay U+FFFD, which the
# garbled heuristic counts.
_FLAGS = (
    pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
)
_HEAD = 1024


def quiet_mupdf() -> None:
    """Stop MuPDF printing to stderr; messages stay retrievable via `mupdf_warnings()`.

    This is MuPDF library state, not ours, and idempotent: each worker process calls it when it
    opens a document.
    """
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)


def mupdf_warnings(reset: bool = True) -> list[str]:
    """MuPDF's warnings and errors collected since the last reset (e.g. "repairing xref")."""
    text = pymupdf.TOOLS.mupdf_warnings(reset=reset)
    return [line for line in text.splitlines() if line]


def open_pdf(path: str | os.PathLike[str], password: str | None = None) -> pymupdf.Document:
    quiet_mupdf()
    with open(path, "rb") as fh:
        head = fh.read(_HEAD)
    if not head:
        raise EmptyFile("the file is empty (0 bytes)")
    if b"%PDF-" not in head:
        raise NotAPdf(f"no %PDF- header in the first {_HEAD} bytes")
    try:
        doc = pymupdf.open(os.fspath(path), filetype="pdf")
    except Exception as exc:  # MuPDF raises several unrelated types for unreadable files
        raise CorruptPdf(f"MuPDF cannot open the file: {exc}") from exc
    try:
        # MuPDF already tried the empty user password, so kampo.pdf-style files pass here.
        if doc.needs_pass:
            if password is None:
                raise EncryptedPdf("the PDF needs a password to open")
            if not doc.authenticate(password):
                raise WrongPassword("the password does not open this PDF")
        try:
            pages = doc.page_count
        except Exception as exc:
            raise CorruptPdf(f"unusable page tree: {exc}") from exc
        if pages <= 0:
            raise NoPages("the PDF has no pages")
    except BaseException:
        doc.close()
        raise
    return doc


def document_info(
    path: str | os.PathLike[str], password: str | None = None, *, sha256: str | None = None
) -> DocumentInfo:
    if sha256 is None:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        sha256 = digest.hexdigest()
    doc = open_pdf(path, password)
    try:
        counts = []
        for pno in range(doc.page_count):
            try:
                # Plain text without boxes: ~1 ms a page, enough to size work chunks.
                text = doc.load_page(pno).get_text("text", flags=_FLAGS)
                counts.append(len(text) - sum(text.count(ws) for ws in " \n\t\r\u3000"))
            except Exception:  # the page fails again, and is reported, during the scan
                counts.append(0)
        encrypted = bool(doc.metadata and doc.metadata.get("encryption"))
        return DocumentInfo(doc.page_count, sha256, encrypted, tuple(counts))
    finally:
        doc.close()


def extract_page(doc: pymupdf.Document, page_no: int) -> PageText:
    """Text of page `page_no` (1-based) in reading order with per-character boxes."""
    if not 1 <= page_no <= doc.page_count:
        raise PageRangeError(f"page {page_no} is outside 1..{doc.page_count}")
    try:
        raw = doc.load_page(page_no - 1).get_text("rawdict", flags=_FLAGS)
    except Exception as exc:
        raise CorruptPdf(f"page {page_no}: MuPDF failed: {exc}") from exc
    return page_text(page_no, raw)
