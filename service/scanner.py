"""One document through the workers: inspect, result cache, chunks in page order, deadline.

Shared by `POST /v1/scan`, `POST /v1/redact` and the job runner, which differ only in where the
records go. Chunks are sized by text volume (characters per page from `inspect`), so a chunk of
dense pages and a chunk of near-empty ones cost about the same; the first chunk is one page so
the first findings reach the client early. Each document keeps at most `workers + 1` chunks
submitted at once: documents interleave fairly in the pool, and cancelling a document (client
disconnect, DELETE, deadline) only has those few to withdraw.

Cache: keyed by sha256 of the bytes + `ScanOptions.cache_key()`. Only complete scans (no page
errors) are stored, behind a document record that says how many pages the file has and whether
it is encrypted. `cached` serves an unencrypted document straight from the store - no worker,
no slot, so re-scans stay fast while the workers are saturated - after re-checking the page cap
and page range against the stored page count. An encrypted document is always inspected first,
because that is where its password is checked: a cached result is never handed to a caller
who could not open the file.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator
from pathlib import Path

import anyio

from service import metrics, worker
from service.config import Settings
from service.errors import DeadlineExceeded, PageRangeError, TooManyPages
from service.executor import Executor
from service.jobstore import JobStore
from service.ndjson import pages_from_records
from service.options import ScanOptions
from service.records import DocumentInfo, PageResult

# Per-page overhead in "characters": an empty page still costs an open and an extraction.
PAGE_FLOOR_CHARS = 300
UNKNOWN_PAGE_CHARS = 2000


def plan_chunks(
    info: DocumentInfo, first: int, last: int, target_chars: int, max_pages: int
) -> list[tuple[int, int]]:
    """Consecutive 1-based inclusive page ranges of about `target_chars` characters each."""
    # The first chunk is a single page, so the first findings are on the wire after one
    # page's work, however large the document.
    chunks: list[tuple[int, int]] = []
    start, chars, target = first, 0, 1
    for page in range(first, last + 1):
        known = page - 1 < len(info.page_chars)
        chars += max(info.page_chars[page - 1] if known else UNKNOWN_PAGE_CHARS, PAGE_FLOOR_CHARS)
        if chars >= target or page - start + 1 >= max_pages or page == last:
            chunks.append((start, page))
            start, chars, target = page + 1, 0, target_chars
    return chunks


# Bumped when the stored layout changes; older entries are then never read and age out.
CACHE_FORMAT = "v2"


def cache_key(sha256: str, options: ScanOptions) -> str:
    return f"{CACHE_FORMAT}:{sha256}:{options.cache_key()}"


class Scanner:
    def __init__(self, settings: Settings, executor: Executor, store: JobStore) -> None:
        self.settings = settings
        self.executor = executor
        self.store = store

    async def inspect(self, path: Path, sha256: str, options: ScanOptions) -> DocumentInfo:
        """Open and validate in a worker; the page cap and page range are checked here."""
        info: DocumentInfo = await self.executor.call(
            worker.inspect, str(path), options.password, sha256
        )
        self._check(info, options)
        return info

    def _check(self, info: DocumentInfo, options: ScanOptions) -> None:
        if info.pages > self.settings.max_pages:
            raise TooManyPages(
                f"the PDF has {info.pages} pages; the limit is {self.settings.max_pages}"
            )
        if options.pages and options.pages[0] > info.pages:
            raise PageRangeError(f"page {options.pages[0]} is beyond the last page ({info.pages})")

    async def cached(
        self, sha256: str, options: ScanOptions
    ) -> tuple[DocumentInfo, list[PageResult]] | None:
        """The stored result of an unencrypted document, without opening the file; None when
        there is none or the document must be inspected first (encrypted: password check)."""
        if not self.settings.cache_enabled:
            return None
        records = await self.store.cache_get(cache_key(sha256, options))
        if not records or records[0].get("type") != "document" or records[0]["encrypted"]:
            return None
        info = DocumentInfo(pages=records[0]["pages"], sha256=sha256, encrypted=False)
        self._check(info, options)
        metrics.CACHE_HITS.inc()
        return info, pages_from_records(records[1:])

    def page_range(self, info: DocumentInfo, options: ScanOptions) -> tuple[int, int]:
        first, last = options.pages or (1, info.pages)
        return first, min(last, info.pages)

    async def pages(
        self, path: Path, info: DocumentInfo, options: ScanOptions
    ) -> AsyncGenerator[list[PageResult]]:
        """Page results in page order, one list per finished chunk (or one list from cache).

        Raises `DeadlineExceeded` past the document deadline, `WorkerCrashed` if a worker died
        on this document. The deadline is applied around each wait, never across a `yield`:
        a cancel scope spanning a yield would fire inside the consumer's code instead.
        """
        key = cache_key(info.sha256, options)
        if self.settings.cache_enabled:
            cached = await self.store.cache_get(key)
            if cached is not None:
                metrics.CACHE_HITS.inc()
                yield pages_from_records(cached)
                return
            metrics.CACHE_MISSES.inc()
        deadline = anyio.current_time() + self.settings.document_deadline
        first, last = self.page_range(info, options)
        plan = plan_chunks(
            info, first, last, self.settings.chunk_target_chars, self.settings.chunk_max_pages
        )
        window = self.settings.workers + 1
        pending = list(reversed(plan))
        inflight: list[asyncio.Task[worker.ChunkOutcome]] = []
        complete: list[PageResult] = []
        try:
            while pending or inflight:
                while pending and len(inflight) < window:
                    lo, hi = pending.pop()
                    inflight.append(asyncio.ensure_future(self._chunk(path, options, lo, hi)))
                try:
                    with anyio.fail_after(max(deadline - anyio.current_time(), 0)):
                        outcome = await asyncio.shield(inflight[0])
                except TimeoutError:
                    raise DeadlineExceeded(
                        f"the document took longer than {self.settings.document_deadline:g} s"
                    ) from None
                inflight.pop(0)
                _record(outcome.pages)
                complete.extend(outcome.pages)
                yield outcome.pages
        finally:
            # Chunks never submitted are dropped here; submitted ones the pool had not started
            # are counted by the executor when their futures cancel.
            metrics.CHUNKS_CANCELLED.inc(len(pending))
            for task in inflight:
                task.cancel()
            with anyio.CancelScope(shield=True):
                await asyncio.gather(*inflight, return_exceptions=True)
        if self.settings.cache_enabled and not any(p.error for p in complete):
            head = {**info.to_record(), "encrypted": info.encrypted}
            records = [head, *(r for p in complete for r in p.records())]
            await self.store.cache_put(key, info.sha256, records)

    async def _chunk(
        self, path: Path, options: ScanOptions, first: int, last: int
    ) -> worker.ChunkOutcome:
        outcome: worker.ChunkOutcome = await self.executor.call(
            worker.scan, str(path), options, first, last, self.settings.page_timeout
        )
        return outcome


def _record(pages: list[PageResult]) -> None:
    metrics.PAGES.inc(len(pages))
    for page in pages:
        for finding in page.findings:
            metrics.FINDINGS.labels(finding.entity_type).inc()


async def collect(
    scanner: Scanner, path: Path, info: DocumentInfo, options: ScanOptions
) -> list[PageResult]:
    """Every page result of a document (for redact), honouring cache and deadline."""
    out: list[PageResult] = []
    stream = scanner.pages(path, info, options)
    async with contextlib.aclosing(stream):
        async for chunk in stream:
            out.extend(chunk)
    return out
