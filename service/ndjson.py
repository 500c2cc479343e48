"""NDJSON lines for the engine's records, the streaming response, and the way back from records.

Rule: after the first byte of a stream, errors are records (Starlette cannot send an error status
once the response started), and every stream ends with exactly one `summary` or `error` record,
so a client can tell completion from truncation.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Awaitable, Callable, Iterable
from typing import Any

import anyio
import orjson
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from service.records import Finding, PageError, PageResult

MEDIA_TYPE = "application/x-ndjson"
TERMINAL_TYPES = ("summary", "error")


def line(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record) + b"\n"


def lines(records: Iterable[dict[str, Any]]) -> bytes:
    return b"".join(line(r) for r in records)


class NDJSONResponse(StreamingResponse):
    """A streaming response that runs `on_close` however the response ends.

    The generator's own `finally` does not run if the client vanished before Starlette started
    iterating it; temp files and admission slots are released here instead.
    """

    media_type = MEDIA_TYPE

    def __init__(
        self,
        content: AsyncIterable[bytes],
        on_close: Callable[[], Awaitable[None]] | None = None,
        headers: dict[str, str] | None = None,
        media_type: str | None = None,
    ) -> None:
        super().__init__(content, headers=headers, media_type=media_type)
        self._on_close = on_close
        self.headers.setdefault("cache-control", "no-store")
        # Proxies such as nginx would otherwise buffer the stream.
        self.headers.setdefault("x-accel-buffering", "no")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # Shielded: after a disconnect the surrounding scope is cancelled, and cleanup
            # (closing the generator cancels its chunks; on_close frees the slot) must finish.
            with anyio.CancelScope(shield=True):
                close = getattr(self.body_iterator, "aclose", None)
                if close is not None:
                    await close()
                if self._on_close is not None:
                    await self._on_close()


def finding_from_record(rec: dict[str, Any]) -> Finding:
    return Finding(
        page=rec["page"],
        entity_type=rec["entity_type"],
        text=rec["text"],
        start=rec["start"],
        end=rec["end"],
        score=rec["score"],
        recognizer=rec["recognizer"],
        rects=tuple(tuple(r) for r in rec["rects"]),  # type: ignore[misc]
        invisible=rec.get("invisible", False),
    )


def pages_from_records(records: Iterable[dict[str, Any]]) -> list[PageResult]:
    """Rebuild `PageResult`s from finding/page records (the cache and job results store these)."""
    pages: list[PageResult] = []
    findings: list[Finding] = []
    for rec in records:
        if rec["type"] == "finding":
            findings.append(finding_from_record(rec))
        elif rec["type"] == "page":
            err = rec.get("error")
            pages.append(
                PageResult(
                    page=rec["page"],
                    findings=tuple(findings),
                    text_chars=rec["text_chars"],
                    text_quality=rec.get("text_quality", "ok"),
                    error=PageError(err["code"], err["message"]) if err else None,
                )
            )
            findings = []
    return pages
