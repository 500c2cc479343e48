"""The engine called directly, for `e2e_vs_engine`: `service.engine.scan_range` over the same page
chunks the service plans, in a ProcessPoolExecutor of the same size, set up like its workers
(one BLAS thread, model loaded and warmed before timing). No HTTP, no admission, no IPC of
records beyond the pool's own - the ceiling the service is compared with.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, wait
from pathlib import Path

from service.options import ScanOptions


def _init(profiles: tuple[str, ...], nice: int) -> None:
    from service import engine, worker

    worker.limit_cpu(nice)  # exactly as the service's workers

    engine.warm(profiles)


def _hold(seconds: float) -> None:
    time.sleep(seconds)


def _scan(path: str, options: ScanOptions, first: int, last: int) -> int:
    from service import engine

    return len(engine.scan_range(path, options, first, last))


class EnginePool:
    def __init__(
        self, workers: int, profiles: tuple[str, ...] = ("accurate",), nice: int = 10
    ) -> None:
        ctx = multiprocessing.get_context("forkserver")
        self.workers = workers
        self.pool = ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init, initargs=(profiles, nice)
        )
        # One task per worker, each held long enough that every process is spawned and warmed.
        wait([self.pool.submit(_hold, 1.0) for _ in range(workers)])

    def scan_seconds(
        self, path: Path, options: ScanOptions, chunk_chars: int, chunk_pages: int
    ) -> tuple[int, float]:
        """(pages, seconds) to scan the whole document in the service's chunks."""
        from service import engine
        from service.scanner import plan_chunks

        started = time.perf_counter()  # inspect included: the service must do it too
        info = engine.inspect(path)
        chunks = plan_chunks(info, 1, info.pages, chunk_chars, chunk_pages)
        futures = [self.pool.submit(_scan, str(path), options, lo, hi) for lo, hi in chunks]
        pages = sum(f.result() for f in futures)
        return pages, time.perf_counter() - started

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
