"""Child-process entry points: the only code that runs PyMuPDF and the model for the service.

Functions here are module level (picklable by reference), take paths and plain values, and
return plain records; engine exceptions pickle unchanged (see `service/errors.py`).

Each task leaves a marker file `<run_dir>/<pid>` naming the task it is running. When a worker
dies abruptly the pool fails *every* pending future, so the web process reads the markers of
dead pids to tell the chunk that crashed (fails its document) from innocent bystanders (retried).
A worker stopped with SIGTERM (the pool terminates survivors of a crash) removes its marker
first, so only a worker that died without cleaning up - SIGKILL, OOM kill, segfault - is blamed.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from service.options import ScanOptions
from service.records import DocumentInfo, Finding, PageResult

log = logging.getLogger("presidio_pdf.worker")

_run_dir: Path | None = None
_barrier: Any = None  # multiprocessing.Barrier, shared through inheritance at process start


@dataclass(frozen=True, slots=True)
class ChunkOutcome:
    pid: int
    rss: int
    pages: list[PageResult]


def init(profiles: tuple[str, ...], log_level: str, nice: int, run_dir: str, barrier: Any) -> None:
    """Pool initializer: priority, logging, signals, task markers, then load the model."""
    global _run_dir, _barrier
    # The child's stdio is inherited from the forkserver; set up logging explicitly so worker
    # messages carry the pid and never depend on the parent's (unpicklable) handlers.
    logging.basicConfig(
        level=log_level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s worker[%(process)d] %(name)s: %(message)s",
        force=True,
    )
    # Ctrl-C reaches the whole process group; the web process decides how to shut down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    _run_dir = Path(run_dir)
    _run_dir.mkdir(parents=True, exist_ok=True)
    _barrier = barrier
    limit_cpu(nice)
    from service import engine

    engine.warm(profiles)
    log.info("worker ready (profiles=%s)", ",".join(profiles) or "-")


def limit_cpu(nice: int) -> None:
    """Make this process one core's worth of work, at `nice` below the web process.

    One BLAS thread: the pool already runs one worker per core, and OpenBLAS's default (a
    thread per core in every worker) oversubscribes the CPU under load. threadpoolctl only
    limits libraries already loaded, so numpy (OpenBLAS) is imported first; the limit stays
    in force for the life of the process. The priority: see `Settings.worker_nice`.
    """
    if nice:
        os.nice(nice)
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _on_sigterm(signum: int, frame: Any) -> None:
    _clear_marker()
    os._exit(128 + signum)


def _marker() -> Path | None:
    return _run_dir / str(os.getpid()) if _run_dir is not None else None


def _set_marker(task_id: str) -> None:
    path = _marker()
    if path is not None:
        path.write_text(task_id)


def _clear_marker() -> None:
    path = _marker()
    if path is not None:
        path.unlink(missing_ok=True)


def ready(timeout: float) -> int:
    """Blocks until every worker of the pool runs this (so all have finished `init`)."""
    if _barrier is not None:
        _barrier.wait(timeout)
    return os.getpid()


def inspect(task_id: str, path: str, password: str | None, sha256: str) -> DocumentInfo:
    from service import engine

    _set_marker(task_id)
    try:
        return engine.inspect(path, password, sha256=sha256)
    finally:
        _clear_marker()


def scan(
    task_id: str, path: str, options: ScanOptions, first: int, last: int, page_timeout: float
) -> ChunkOutcome:
    from service import engine

    _set_marker(task_id)
    try:
        pages = engine.scan_range(path, options, first, last, page_timeout=page_timeout)
        rss = psutil.Process().memory_info().rss
        return ChunkOutcome(os.getpid(), rss, pages)
    finally:
        _clear_marker()


def render(
    task_id: str,
    path: str,
    out_path: str,
    mode: str,
    findings: list[Finding],
    password: str | None,
) -> None:
    from service import engine

    _set_marker(task_id)
    try:
        engine.render(path, out_path, mode, findings, password)
    finally:
        _clear_marker()
