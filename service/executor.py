"""The sole owner of CPU work: one process pool, admission of documents, crash recovery.

Pool choice: `concurrent.futures.ProcessPoolExecutor` awaited with `asyncio.wrap_future`, not
`anyio.to_process`. The pool gives an initializer (each worker loads and warms the model once,
before `/readyz` turns ready) and never prunes idle workers, so GiNZA (~3 s, ~420 MB) is loaded
exactly `workers` times; `anyio.to_process` would reload it after 300 s idle. Workers start with
"forkserver" (never "fork": this process has threads and an event loop); the forkserver
preloads the engine's imports so each worker only loads the model.

A crashed worker breaks the whole pool: every pending future fails. The pool is replaced once
(`presidio_pdf_worker_restarts_total`), the chunk that was running in the dead process fails its
document with `WorkerCrashed`, and every other chunk is resubmitted to the new pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import multiprocessing
import os
import shutil
import signal
import uuid
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

import anyio
import psutil

from service import metrics, worker
from service.config import Settings
from service.errors import Overloaded, WorkerCrashed

log = logging.getLogger("presidio_pdf.executor")
T = TypeVar("T")
MAX_ATTEMPTS = 3  # a chunk that was only a bystander of crashes this often gives up
WARM_TIMEOUT = 300.0


class Executor:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ready = False
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["service.engine"])
        self._run_dir = settings.run_dir
        self._pool: ProcessPoolExecutor | None = None
        self._lock = anyio.Lock()
        self._crashed: deque[str] = deque(maxlen=256)
        self._worker_rss: dict[int, int] = {}
        self._pids: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Create the pool and warm every worker in the background (readiness follows)."""
        await anyio.to_thread.run_sync(self._reset_run_dir)
        self._pool = self._new_pool()

    def _reset_run_dir(self) -> None:
        shutil.rmtree(self._run_dir, ignore_errors=True)
        self._run_dir.mkdir(parents=True, exist_ok=True)

    def _new_pool(self) -> ProcessPoolExecutor:
        n = self.settings.workers
        barrier = self._ctx.Barrier(n)
        pool = ProcessPoolExecutor(
            max_workers=n,
            mp_context=self._ctx,
            initializer=worker.init,
            initargs=(
                tuple(self.settings.warm_profiles),
                self.settings.log_level,
                self.settings.worker_nice,
                str(self._run_dir),
                barrier,
            ),
            max_tasks_per_child=self.settings.worker_max_tasks,
        )
        task = asyncio.ensure_future(self._warm(pool))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return pool

    async def _warm(self, pool: ProcessPoolExecutor) -> None:
        # One `ready` task per worker: submitting n tasks to an idle pool spawns n processes,
        # and the barrier inside `ready` releases only when all n ran their initializer.
        started = anyio.current_time()
        n = self.settings.workers
        try:
            # Submitting spawns processes (and the forkserver, which imports the engine):
            # blocking work, so it happens in a thread rather than on the event loop.
            futures = await anyio.to_thread.run_sync(
                lambda: [pool.submit(worker.ready, WARM_TIMEOUT) for _ in range(n)]
            )
            pids = await asyncio.gather(*(asyncio.wrap_future(f) for f in futures))
        except Exception as exc:  # the pool broke or the model failed to load
            log.error("worker warm-up failed: %s", type(exc).__name__)
            return
        if pool is self._pool:
            self._pids = set(pids)
            self.ready = True
            log.info(
                "%d worker(s) ready in %.1f s (pids %s)",
                len(set(pids)),
                anyio.current_time() - started,
                ",".join(map(str, sorted(set(pids)))),
            )

    async def aclose(self) -> None:
        """Stop the workers without waiting for running chunks: their requests are gone."""
        self.ready = False
        for task in list(self._tasks):
            task.cancel()
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
            for pid in self._pids | set(self._worker_rss):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)  # the worker clears its marker and exits
            with anyio.move_on_after(10):
                await anyio.to_thread.run_sync(pool.shutdown, True, abandon_on_cancel=True)
        await anyio.to_thread.run_sync(shutil.rmtree, self._run_dir, True)
        # The pool's queues and the warm-up barrier are named semaphores; collecting them now
        # unlinks them before exit (else the resource tracker warns about leaks).
        del pool
        gc.collect()

    # -- calls -------------------------------------------------------------------------------

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `worker.fn(task_id, *args)` in a worker process; engine errors re-raise here."""
        for _ in range(MAX_ATTEMPTS):
            pool = self._pool
            if pool is None:
                raise WorkerCrashed("the worker pool is shut down")
            task_id = uuid.uuid4().hex
            try:
                future = pool.submit(fn, task_id, *args)
            except BrokenProcessPool:
                await self._replace(pool)
                continue
            try:
                result = await asyncio.wrap_future(future)
            except asyncio.CancelledError:
                # wrap_future already asked the pool to cancel; True means it never started.
                if future.cancel():
                    metrics.CHUNKS_CANCELLED.inc()
                raise
            except BrokenProcessPool:
                await self._replace(pool)
                if task_id in self._crashed:
                    raise WorkerCrashed(
                        "a worker process died while processing this document"
                    ) from None
                continue
            outcome = getattr(result, "pid", None)
            if isinstance(outcome, int):
                self._worker_rss[outcome] = result.rss  # type: ignore[attr-defined]
            return result
        raise WorkerCrashed("worker processes kept crashing")

    async def _replace(self, broken: ProcessPoolExecutor) -> None:
        async with self._lock:
            if broken is self._pool:
                log.error("a worker process died; replacing the process pool")
                metrics.WORKER_RESTARTS.inc()
                self.ready = False
                self._pool = self._new_pool()
                await anyio.to_thread.run_sync(lambda: broken.shutdown(wait=False))
            self._crashed.extend(await anyio.to_thread.run_sync(self._dead_markers))

    def _dead_markers(self) -> list[str]:
        """Task ids whose worker died without cleaning up (see `service/worker.py`)."""
        crashed = []
        for marker in self._run_dir.iterdir():
            if not marker.name.isdigit() or _alive(int(marker.name)):
                continue
            with contextlib.suppress(OSError):
                crashed.append(marker.read_text().strip())
                marker.unlink()
        return crashed

    def worker_rss(self) -> int:
        """Resident memory of the live workers, as last reported with their results."""
        for pid in [p for p in self._worker_rss if not _alive(p)]:
            del self._worker_rss[pid]
        return sum(self._worker_rss.values())


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


class Admission:
    """At most `limit` documents at once; at most `queue_size` waiting; beyond that 503.

    A place in the queue is reserved synchronously (`reserve`, before the upload is read, so an
    overloaded server answers 503 at once) and turned into a slot later (`acquire`). Tickets are
    explicit borrowers because the slot is taken in the request handler and released by the
    response stream, which Starlette runs in another task.
    """

    def __init__(self, limit: int, queue_size: int, retry_after: int) -> None:
        self._limiter = anyio.CapacityLimiter(limit)
        self._queue_size = queue_size
        self._retry_after = retry_after
        self._waiting = 0

    def reserve(self) -> Ticket:
        if self._waiting >= self._queue_size + self._limiter.available_tokens:
            raise Overloaded(f"too many documents in progress; retry in {self._retry_after} s")
        self._waiting += 1
        metrics.QUEUE_DEPTH.inc()
        return Ticket(self)

    @property
    def retry_after(self) -> int:
        return self._retry_after


class Ticket:
    """One document's claim: queued until `acquire`, then holding a slot until `release`."""

    def __init__(self, admission: Admission) -> None:
        self._adm = admission
        self._state = "queued"

    async def acquire(self) -> None:
        try:
            await self._adm._limiter.acquire_on_behalf_of(self)
        except BaseException:
            self.release()
            raise
        self._adm._waiting -= 1
        metrics.QUEUE_DEPTH.dec()
        metrics.IN_FLIGHT.inc()
        self._state = "running"

    def release(self) -> None:
        if self._state == "queued":
            self._adm._waiting -= 1
            metrics.QUEUE_DEPTH.dec()
        elif self._state == "running":
            self._adm._limiter.release_on_behalf_of(self)
            metrics.IN_FLIGHT.dec()
        self._state = "released"
