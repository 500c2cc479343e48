"""Plain, picklable result records: the contract between engine, worker processes, CLI and API.

Each record renders to the NDJSON object documented in the README, with `type` first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Rect = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Finding:
    """One located piece of PII on one page.

    `start`/`end` are offsets into that page's extracted text (`PageText.text`), `rects` one
    rectangle per text line the finding covers, in PDF points in PyMuPDF page space (origin top
    left of the unrotated page, y downwards) - the space annotations and redactions use.
    """

    page: int
    entity_type: str
    text: str
    start: int
    end: int
    score: float
    recognizer: str
    rects: tuple[Rect, ...]
    invisible: bool = False  # drawn with an invisible render mode (e.g. an OCR text layer)

    def to_record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "type": "finding",
            "page": self.page,
            "entity_type": self.entity_type,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "recognizer": self.recognizer,
            "rects": [[round(v, 2) for v in r] for r in self.rects],
        }
        if self.invisible:
            rec["invisible"] = True
        return rec


@dataclass(frozen=True, slots=True)
class PageError:
    code: str  # page_failed | page_timeout
    message: str


@dataclass(frozen=True, slots=True)
class PageResult:
    """Everything the engine learned about one page."""

    page: int
    findings: tuple[Finding, ...]
    text_chars: int
    text_quality: str = "ok"  # ok | empty | garbled
    error: PageError | None = None
    # Seconds spent per stage (extract, recognizers, ner, geometry); for the benchmark only.
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def to_record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "type": "page",
            "page": self.page,
            "findings": len(self.findings),
            "text_chars": self.text_chars,
        }
        if self.text_quality != "ok":
            rec["text_quality"] = self.text_quality
        if self.error is not None:
            rec["error"] = {"code": self.error.code, "message": self.error.message}
        return rec

    def records(self) -> list[dict[str, Any]]:
        """The finding records of this page followed by its page record."""
        return [f.to_record() for f in self.findings] + [self.to_record()]


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    pages: int
    sha256: str
    encrypted: bool = False
    # Extractable characters per page (cheap to count); lets callers size chunks by text volume.
    page_chars: tuple[int, ...] = ()

    def to_record(self) -> dict[str, Any]:
        return {"type": "document", "pages": self.pages, "sha256": self.sha256}


def summary_record(pages: list[PageResult], seconds: float) -> dict[str, Any]:
    """The terminal record of a successful scan."""
    by_type: dict[str, int] = {}
    for page in pages:
        for f in page.findings:
            by_type[f.entity_type] = by_type.get(f.entity_type, 0) + 1
    return {
        "type": "summary",
        "pages": len(pages),
        "findings": sum(by_type.values()),
        "by_type": dict(sorted(by_type.items())),
        "pages_failed": sum(1 for p in pages if p.error is not None),
        "pages_without_text": sum(1 for p in pages if p.text_chars == 0),
        "pages_garbled": sum(1 for p in pages if p.text_quality == "garbled"),
        "seconds": round(seconds, 3),
    }


def error_record(code: str, message: str) -> dict[str, Any]:
    """The terminal record of a failed scan."""
    return {"type": "error", "code": code, "message": message}
