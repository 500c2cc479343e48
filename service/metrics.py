"""Metric definitions, recorded in web processes only, and the per-scrape exposition.

Under gunicorn the launcher (gunicorn.conf.py) points PROMETHEUS_MULTIPROC_DIR at an emptied
directory before any worker imports prometheus_client; every web process then writes its values
to files there and a scrape on any of them merges all files into a fresh registry. Worker
processes (the process pool) never touch these objects: they return counts, the web process
records them. Gauges use `livesum` so a dead web process stops counting.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUEST_SECONDS = Histogram(
    "presidio_pdf_request_seconds",
    "HTTP request latency (to the end of the body, streams included) by route",
    ["method", "route", "status"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 180, 600),
)
PAGES = Counter("presidio_pdf_pages_processed_total", "Pages scanned by the engine (not cache)")
FINDINGS = Counter("presidio_pdf_findings_total", "Findings reported, by type", ["entity_type"])
DOCUMENTS = Counter("presidio_pdf_documents_total", "Documents finished, by outcome", ["outcome"])
IN_FLIGHT = Gauge(
    "presidio_pdf_documents_in_flight", "Documents holding a slot", multiprocess_mode="livesum"
)
QUEUE_DEPTH = Gauge(
    "presidio_pdf_queue_depth", "Documents waiting for a slot", multiprocess_mode="livesum"
)
WORKER_RESTARTS = Counter("presidio_pdf_worker_restarts_total", "Process pools replaced")
CHUNKS_CANCELLED = Counter(
    "presidio_pdf_chunks_cancelled_total", "Chunks dropped before running (disconnect, cancel)"
)
CACHE_HITS = Counter("presidio_pdf_cache_hits_total", "Scans answered from the result cache")
CACHE_MISSES = Counter("presidio_pdf_cache_misses_total", "Scans that had to run the engine")
RSS = Gauge(
    "presidio_pdf_process_rss_bytes",
    "Resident memory of web and worker processes",
    ["kind"],
    multiprocess_mode="livesum",
)


def record_rss(worker_rss: int) -> None:
    import psutil

    RSS.labels("web").set(psutil.Process().memory_info().rss)
    RSS.labels("worker").set(worker_rss)


def exposition() -> tuple[bytes, str]:
    """The Prometheus text for this scrape (all web processes when in multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
    Awaitable[None],
]


class LatencyMiddleware:
    """Pure ASGI middleware (BaseHTTPMiddleware would buffer streams) timing whole responses.

    The route label is the matched path template (`/v1/jobs/{job_id}`), never the raw path, so
    job ids do not explode label cardinality and query strings (passwords) never reach metrics.
    """

    def __init__(self, app: ASGIApp, served_by: str | None = None) -> None:
        self.app = app
        self.served_by = served_by.encode() if served_by else None

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if self.served_by:
                    message["headers"] = [
                        *message.get("headers", []),
                        (b"x-served-by", self.served_by),
                    ]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            label = getattr(route, "path", None) or "unmatched"
            REQUEST_SECONDS.labels(scope["method"], label, str(status)).observe(
                time.perf_counter() - start
            )
