"""The embedded `JobStore`: SQLite in WAL mode under the data directory.

Several web processes (gunicorn) open the same file; WAL lets readers (SSE, status) run while
one writer appends, and `BEGIN IMMEDIATE` makes writers queue on the lock instead of failing.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import anyio
import orjson

from service.jobstore import TERMINAL, Event, Job, JobStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, status TEXT NOT NULL, sha256 TEXT NOT NULL, options_key TEXT NOT NULL,
    pages_total INTEGER, pages_done INTEGER NOT NULL DEFAULT 0, counts TEXT NOT NULL DEFAULT '{}',
    error_code TEXT, error_message TEXT, created REAL NOT NULL, updated REAL NOT NULL,
    finished REAL, owner TEXT NOT NULL, heartbeat REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_status ON jobs (status, finished);
CREATE TABLE IF NOT EXISTS events (
    job_id TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS records (
    job_id TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cache (
    key TEXT PRIMARY KEY, sha256 TEXT NOT NULL, records BLOB NOT NULL, created REAL NOT NULL
);
"""


class SqliteJobStore(JobStore):
    """SQLite in WAL mode. sqlite3 blocks, so every call leaves the event loop for a thread.

    Writes share one connection, serialised by a lock (a limiter of 1 keeps them from taking
    more than one thread). Reads never wait for them: WAL gives each reader a consistent
    snapshot beside a running writer, so reads run on per-thread read-only connections, up to
    `READERS` at once. A status poll or an SSE tail then costs one indexed lookup even while the
    job's own chunks are being appended.
    """

    READERS = 4

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(SCHEMA)  # idempotent; executescript manages its own commit
        self._lock = threading.Lock()
        self._limiter = anyio.CapacityLimiter(1)
        self._read_limiter = anyio.CapacityLimiter(self.READERS)
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []

    def _tx(self) -> sqlite3.Connection:
        return _Tx(self._db)  # type: ignore[return-value]

    async def _run(self, fn: Any, *args: Any) -> Any:
        def locked() -> Any:
            with self._lock:
                return fn(*args)

        return await anyio.to_thread.run_sync(locked, limiter=self._limiter)

    def _reader(self) -> sqlite3.Connection:
        """This thread's read-only connection (anyio reuses its worker threads)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(
                f"{self._path.resolve().as_uri()}?mode=ro",
                uri=True,
                check_same_thread=False,
                isolation_level=None,
            )
            db.execute("PRAGMA busy_timeout=10000")
            self._local.db = db
            with self._lock:
                self._readers.append(db)
        return db

    async def _read(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        def go() -> list[Any]:
            return self._reader().execute(sql, params).fetchall()

        return await anyio.to_thread.run_sync(go, limiter=self._read_limiter)  # type: ignore[no-any-return]

    async def create(self, job: Job) -> None:
        now = time.time()

        def go() -> None:
            with self._tx():
                self._db.execute(
                    "INSERT INTO jobs (id, status, sha256, options_key, owner, created, updated,"
                    " heartbeat) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (job.id, job.status, job.sha256, job.options_key, job.owner, now, now, now),
                )
                self._append(job.id, [("status", {"status": job.status})], [])

        job.created = job.updated = now
        await self._run(go)

    async def get(self, job_id: str) -> Job | None:
        rows = await self._read("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return _job(rows[0]) if rows else None

    async def update(
        self, job_id: str, *, events: Any = (), records: Any = (), **fields: Any
    ) -> bool:
        if "counts" in fields:
            fields["counts"] = orjson.dumps(fields["counts"]).decode()
        fields["updated"] = time.time()
        if fields.get("status") in TERMINAL:
            fields["finished"] = fields["updated"]
        cols = ", ".join(f"{k} = ?" for k in fields)

        def go() -> bool:
            with self._tx():
                cur = self._db.execute(
                    f"UPDATE jobs SET {cols} WHERE id = ? AND status IN ('queued', 'running')",
                    (*fields.values(), job_id),
                )
                if cur.rowcount == 0:
                    return False
                self._append(job_id, list(events), list(records))
                return True

        return await self._run(go)  # type: ignore[no-any-return]

    def _append(
        self, job_id: str, events: list[tuple[str, dict[str, Any]]], records: list[dict[str, Any]]
    ) -> None:
        for table, rows in (("events", events), ("records", records)):
            if not rows:
                continue
            (last,) = self._db.execute(
                f"SELECT COALESCE(MAX(seq), 0) FROM {table} WHERE job_id = ?", (job_id,)
            ).fetchone()
            if table == "events":
                data = [(job_id, last + i, e, orjson.dumps(d)) for i, (e, d) in enumerate(rows, 1)]
                self._db.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", data)
            else:
                data = [(job_id, last + i, orjson.dumps(r)) for i, r in enumerate(rows, 1)]
                self._db.executemany("INSERT INTO records VALUES (?, ?, ?)", data)

    async def events_after(self, job_id: str, seq: int, limit: int = 500) -> list[Event]:
        rows = await self._read(
            "SELECT seq, event, data FROM events WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            (job_id, seq, limit),
        )
        return [(s, e, orjson.loads(d)) for s, e, d in rows]

    async def records_after(
        self, job_id: str, seq: int, limit: int = 2000
    ) -> list[tuple[int, bytes]]:
        return await self._read(
            "SELECT seq, data FROM records WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            (job_id, seq, limit),
        )

    async def heartbeat(self, job_ids: list[str]) -> None:
        now = time.time()

        def go() -> None:
            with self._tx():
                self._db.executemany(
                    "UPDATE jobs SET heartbeat = ? WHERE id = ?", [(now, i) for i in job_ids]
                )

        if job_ids:
            await self._run(go)

    async def active(self) -> list[Job]:
        def go() -> list[Job]:
            rows = self._db.execute(
                "SELECT * FROM jobs WHERE status IN ('queued', 'running')"
            ).fetchall()
            return [_job(r) for r in rows]

        return await self._run(go)  # type: ignore[no-any-return]

    async def expired(self, finished_before: float) -> list[str]:
        def go() -> list[str]:
            rows = self._db.execute(
                "SELECT id FROM jobs WHERE status IN ('done', 'failed', 'cancelled')"
                " AND finished < ?",
                (finished_before,),
            ).fetchall()
            return [r[0] for r in rows]

        return await self._run(go)  # type: ignore[no-any-return]

    async def delete(self, job_id: str) -> None:
        def go() -> None:
            with self._tx():
                for table, col in (("events", "job_id"), ("records", "job_id"), ("jobs", "id")):
                    self._db.execute(f"DELETE FROM {table} WHERE {col} = ?", (job_id,))

        await self._run(go)

    async def cache_get(self, key: str) -> list[dict[str, Any]] | None:
        rows = await self._read("SELECT records FROM cache WHERE key = ?", (key,))
        return orjson.loads(rows[0][0]) if rows else None

    async def cache_put(self, key: str, sha256: str, records: list[dict[str, Any]]) -> None:
        blob = orjson.dumps(records)

        def go() -> None:
            with self._tx():
                self._db.execute(
                    "INSERT OR REPLACE INTO cache VALUES (?, ?, ?, ?)",
                    (key, sha256, blob, time.time()),
                )

        await self._run(go)

    async def cache_evict(self, created_before: float) -> int:
        def go() -> int:
            with self._tx():
                return self._db.execute(
                    "DELETE FROM cache WHERE created < ?", (created_before,)
                ).rowcount

        return await self._run(go)  # type: ignore[no-any-return]

    async def aclose(self) -> None:
        def close_all() -> None:
            for db in self._readers:
                db.close()
            self._readers.clear()
            self._db.close()

        await self._run(close_all)


class _Tx:
    """BEGIN IMMEDIATE ... COMMIT: take the write lock up front so concurrent writers in other
    processes wait (busy_timeout) instead of failing with SQLITE_BUSY on upgrade."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


def _job(row: tuple[Any, ...]) -> Job:
    (
        id_,
        status,
        sha,
        key,
        total,
        done,
        counts,
        code,
        msg,
        created,
        updated,
        finished,
        owner,
        hb,
    ) = row
    return Job(
        id=id_,
        status=status,
        sha256=sha,
        options_key=key,
        owner=owner,
        pages_total=total,
        pages_done=done,
        counts=orjson.loads(counts),
        error_code=code,
        error_message=msg,
        created=created,
        updated=updated,
        finished=finished,
        heartbeat=hb,
    )
