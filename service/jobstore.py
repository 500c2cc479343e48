"""Where jobs, their events and records, and the result cache live: one interface, SQLite default.

Every web process (several under gunicorn) opens the same database, so a job running in one
process is visible to SSE and status requests served by any other: readers poll `events_after`
and `records_after` instead of relying on in-process memory. A Redis (or Postgres) store
implements `JobStore` and is chosen in `create_store`; callers never see the difference.

Events and records are appended in the same transaction as the job's progress, so a reader
that sees `pages_done = k` also sees every event up to it. Each terminal transition appends the
terminal `done`/`error` event and record, which is what streams wait for.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Any

from service.config import Settings

ACTIVE = ("queued", "running")
TERMINAL = ("done", "failed", "cancelled")


@dataclass(slots=True)
class Job:
    id: str
    status: str
    sha256: str
    options_key: str
    owner: str
    pages_total: int | None = None
    pages_done: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    error_code: str | None = None
    error_message: str | None = None
    created: float = 0.0
    updated: float = 0.0
    finished: float | None = None
    heartbeat: float = 0.0


Event = tuple[int, str, dict[str, Any]]  # (seq, event name, data)


class JobStore(abc.ABC):
    """The storage seam. All methods are coroutines so a networked store fits unchanged."""

    @abc.abstractmethod
    async def create(self, job: Job) -> None: ...
    @abc.abstractmethod
    async def get(self, job_id: str) -> Job | None: ...
    @abc.abstractmethod
    async def update(
        self,
        job_id: str,
        *,
        events: list[tuple[str, dict[str, Any]]] = (),  # type: ignore[assignment]
        records: list[dict[str, Any]] = (),  # type: ignore[assignment]
        **fields: Any,
    ) -> bool:
        """Set fields and append events/records atomically; False if the job is terminal."""

    @abc.abstractmethod
    async def events_after(self, job_id: str, seq: int, limit: int = 500) -> list[Event]: ...
    @abc.abstractmethod
    async def records_after(
        self, job_id: str, seq: int, limit: int = 2000
    ) -> list[tuple[int, bytes]]: ...
    @abc.abstractmethod
    async def heartbeat(self, job_ids: list[str]) -> None: ...
    @abc.abstractmethod
    async def active(self) -> list[Job]: ...
    @abc.abstractmethod
    async def expired(self, finished_before: float) -> list[str]: ...
    @abc.abstractmethod
    async def delete(self, job_id: str) -> None: ...
    @abc.abstractmethod
    async def cache_get(self, key: str) -> list[dict[str, Any]] | None: ...
    @abc.abstractmethod
    async def cache_put(self, key: str, sha256: str, records: list[dict[str, Any]]) -> None: ...
    @abc.abstractmethod
    async def cache_evict(self, created_before: float) -> int: ...
    @abc.abstractmethod
    async def aclose(self) -> None: ...


def create_store(settings: Settings) -> JobStore:
    """The one place a store is chosen (a `store_url` setting would pick Redis here)."""
    from service.sqlitestore import SqliteJobStore

    return SqliteJobStore(settings.db_path)
