"""The engine: pure functions over a page range of a PDF on disk, returning plain records.

This is the unit of work the service ships to worker processes (and a distributed executor
later): a path, a page range and `ScanOptions` in; `PageResult`s out. The only state kept
between calls is the per-process model cache (`ner.load_ginza`, `names.load_sudachi`).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from service import detect, geometry, names, ner, output, pdf, textmap
from service.errors import PageRangeError
from service.options import ScanOptions
from service.recognizers import default_recognizers
from service.recognizers.base import Span
from service.records import DocumentInfo, Finding, PageError, PageResult

log = logging.getLogger(__name__)

DEFAULT_PAGE_TIMEOUT = 30.0


class PageTimeout(Exception):
    """Raised inside a page's extraction when it runs past the per-page limit."""


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """SIGALRM-based limit. MuPDF's Python-level extraction loop is interruptible this way; it
    only works in a process's main thread (worker processes and the CLI), elsewhere no limit."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _alarm(signum: int, frame: Any) -> None:
        raise PageTimeout(f"page took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def inspect(
    path: str | Path, password: str | None = None, *, sha256: str | None = None
) -> DocumentInfo:
    """Open and validate a PDF; raises an `InputError` subclass for unusable input."""
    return pdf.document_info(path, password, sha256=sha256)


def warm(profiles: Sequence[str] = ("accurate",)) -> None:
    """Load this process's models and run them once, so the first real page is not slow."""
    names.dictionary_spans("山田太郎は東京都に住む。")
    if "accurate" in profiles:
        ner.ner_spans(["山田太郎は東京都新宿区の株式会社テストに勤める。"])


def _resolve_range(pages: int, options: ScanOptions, first: int | None, last: int | None) -> range:
    lo, hi = options.pages or (1, pages)
    lo = max(lo, first or lo)
    hi = min(hi, last or hi, pages)
    if lo > pages:
        raise PageRangeError(f"page {lo} is beyond the last page ({pages})")
    return range(lo, hi + 1)


def _nlp_spans(texts: list[str], options: ScanOptions) -> list[list[Span]]:
    """Named entities for pages that need them, batched across the pages of the range."""
    out: list[list[Span]] = [[] for _ in texts]
    if not any(options.wants(t) for t in ("PERSON", "ORGANIZATION", "LOCATION")):
        return out
    idx = [
        i for i, t in enumerate(texts) if options.language != "en" and t and detect.has_japanese(t)
    ]
    if not idx:
        return out
    if options.profile == "fast":
        for i in idx:
            out[i] = names.dictionary_spans(texts[i])
        return out
    for i, spans in zip(idx, ner.ner_spans([texts[i] for i in idx]), strict=True):
        # Sudachi's dictionary knows names GiNZA misses (stockmark: NER alone finds 72 % of
        # gold persons, NER or dictionary 89 %); a missed name is a leak, so take both and let
        # the overlap ranking keep one span per name.
        out[i] = spans + names.dictionary_spans(texts[i])
    return out


def scan_range(
    path: str | Path,
    options: ScanOptions,
    first: int | None = None,
    last: int | None = None,
    *,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
) -> list[PageResult]:
    """Scan pages `first`..`last` (1-based, inclusive, clipped to `options.pages`).

    Page-level failures are returned on that page's record; only document-level problems
    (cannot open, bad range) raise.
    """
    doc = pdf.open_pdf(path, options.password)
    try:
        page_numbers = _resolve_range(doc.page_count, options, first, last)
        recognizers = default_recognizers(options.language)
        extracted: list[pdf.PageText | PageError] = []
        normalized: list[textmap.NormalizedText | None] = []
        t_extract = t_norm = 0.0
        for page_no in page_numbers:
            t0 = time.perf_counter()
            try:
                with _time_limit(page_timeout):
                    page_text = pdf.extract_page(doc, page_no)
            except PageTimeout as exc:
                extracted.append(PageError("page_timeout", str(exc)))
                normalized.append(None)
                continue
            except Exception as exc:  # MuPDF raises plain RuntimeError/ValueError on bad pages
                log.warning("page %d failed: %s", page_no, type(exc).__name__)
                extracted.append(PageError("page_failed", f"{type(exc).__name__}: {exc}"))
                normalized.append(None)
                continue
            finally:
                t_extract += time.perf_counter() - t0
            t1 = time.perf_counter()
            extracted.append(page_text)
            normalized.append(textmap.normalize(page_text.text))
            t_norm += time.perf_counter() - t1
        t2 = time.perf_counter()
        nlp = _nlp_spans([n.text if n else "" for n in normalized], options)
        t_nlp = time.perf_counter() - t2
        n_pages = max(len(page_numbers), 1)
        results: list[PageResult] = []
        for page_no, item, norm, nlp_spans in zip(
            page_numbers, extracted, normalized, nlp, strict=True
        ):
            if isinstance(item, PageError) or norm is None:
                err = item if isinstance(item, PageError) else None
                results.append(PageResult(page_no, (), 0, "ok", err))
                continue
            t3 = time.perf_counter()
            candidates = detect.run_recognizers(norm.text, recognizers)
            t4 = time.perf_counter()
            spans = detect.finalize(norm.text, [*candidates, *nlp_spans], options)
            findings = tuple(_locate(item, norm, spans))
            t5 = time.perf_counter()
            timings = {
                "extract": (t_extract + t_norm) / n_pages,
                "ner": t_nlp / n_pages,
                "recognizers": t4 - t3,
                "geometry": t5 - t4,
            }
            results.append(
                PageResult(page_no, findings, item.text_chars, item.quality, None, timings)
            )
        return results
    finally:
        doc.close()


def _locate(
    page: pdf.PageText, norm: textmap.NormalizedText, spans: list[Span]
) -> Iterator[Finding]:
    for s in spans:
        start, end = norm.to_original(s.start, s.end)
        yield Finding(
            page=page.page,
            entity_type=s.entity_type,
            text=page.text[start:end],
            start=start,
            end=end,
            score=s.score,
            recognizer=s.recognizer,
            rects=geometry.span_rects(page, start, end),
            invisible=geometry.span_invisible(page, start, end),
        )


def render(
    path: str | Path,
    out_path: str | Path,
    mode: str,
    findings: Sequence[Finding],
    password: str | None = None,
) -> output.OutputReport:
    """Write the highlighted or redacted PDF for these findings."""
    if mode not in ("redact", "highlight"):
        raise ValueError(f"mode must be redact or highlight, not {mode!r}")
    return output.write_output(path, out_path, findings, mode, password)  # type: ignore[arg-type]
