"""Server-sent events for job progress, framed by hand (no sse-starlette dependency).

Events come from the job store, not from this process's memory, so a stream served by any web
process (gunicorn) sees a job run by another. Each event's `id` is its sequence number in the
store: a client reconnecting with `Last-Event-ID: n` gets every event after n, nothing lost,
nothing repeated.

Choices, spelled out:
- ping: a comment line every `sse_ping_interval` seconds keeps proxies from closing an idle
  stream and lets the server notice a dead client (the write fails);
- send timeout: uvicorn applies TCP backpressure, and a stalled client's stream ends when its
  `sse_max_stream_seconds` run out; clients reconnect (the `retry:` field says after how long);
- shutdown: streams are bounded by `sse_max_stream_seconds` and cancelled by uvicorn after
  `graceful_timeout`; on reconnect the client resumes from its last id.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import anyio
import orjson

from service.config import Settings
from service.jobstore import JobStore

MEDIA_TYPE = "text/event-stream"
TERMINAL_EVENTS = ("done", "error")


def frame(event: str, data: dict[str, Any], event_id: int | None = None) -> bytes:
    """One event. orjson output has no newlines, so `data` is always a single line."""
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\n".encode() + b"data: " + orjson.dumps(data) + b"\n\n"


def comment(text: str) -> bytes:
    return f": {text}\n\n".encode()


def parse_last_event_id(value: str | None) -> int:
    if value and value.strip().isdigit():
        return int(value.strip())
    return 0


async def job_events(
    store: JobStore, settings: Settings, job_id: str, after: int
) -> AsyncIterator[bytes]:
    """The job's events after `after`, live until its terminal event."""
    # `retry:` rides on the first event: some clients dispatch a block holding only `retry`.
    retry = f"retry: {settings.sse_retry_ms}\n".encode()
    now = anyio.current_time()
    ends_at = now + settings.sse_max_stream_seconds
    next_ping = now + settings.sse_ping_interval
    last = after
    while True:
        events = await store.events_after(job_id, last)
        if events:
            # One write per batch: fewer syscalls, and fewer writes racing a vanished client.
            last = events[-1][0]
            yield retry + b"".join(frame(name, data, seq) for seq, name, data in events)
            retry = b""
            if any(name in TERMINAL_EVENTS for _, name, _ in events):
                return
            continue  # more may be waiting beyond the page limit
        now = anyio.current_time()
        if now >= ends_at:
            return
        if now >= next_ping:
            yield comment("ping")
            next_ping = now + settings.sse_ping_interval
        await anyio.sleep(settings.sse_poll_interval)
