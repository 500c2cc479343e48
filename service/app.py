"""`create_app(settings)`: the FastAPI app; heavy objects are built in `lifespan`, not on import.

The lifespan yields `{"services": Services(...)}`; Starlette copies that state into every
request (`request.state.services`), which is what `api/deps.py` reads.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI

from service.api import ROUTERS, install_error_handlers
from service.api.deps import Services
from service.config import Settings
from service.executor import Admission, Executor
from service.jobs import JobService
from service.jobstore import create_store
from service.metrics import LatencyMiddleware
from service.scanner import Scanner

log = logging.getLogger("presidio_pdf.app")


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Services]]:
        await anyio.to_thread.run_sync(_prepare_dirs, settings)
        store = await anyio.to_thread.run_sync(create_store, settings)
        executor = Executor(settings)
        await executor.start()
        admission = Admission(
            settings.max_concurrent_documents, settings.queue_size, settings.retry_after_seconds
        )
        scanner = Scanner(settings, executor, store)
        jobs = JobService(settings, store, scanner, admission)
        services = Services(settings, executor, admission, store, scanner, jobs)
        try:
            async with anyio.create_task_group() as tg:
                await jobs.start(tg)
                log.info(
                    "serving: %d worker(s), %d concurrent documents, data in %s",
                    settings.workers,
                    settings.max_concurrent_documents,
                    settings.data_dir,
                )
                yield {"services": services}
                # Shutdown: running jobs are marked interrupted by their own cancellation.
                tg.cancel_scope.cancel()
        finally:
            with anyio.CancelScope(shield=True):
                await executor.aclose()
                await store.aclose()

    app = FastAPI(
        title="presidio-pdf",
        version="1",
        summary="Find, locate and redact personal information in PDFs (Japanese first).",
        lifespan=lifespan,
    )
    for router in ROUTERS:
        app.include_router(router)
    install_error_handlers(app, settings.retry_after_seconds)
    served_by = f"{socket.gethostname()}:{os.getpid()}" if settings.served_by_header else None
    app.add_middleware(LatencyMiddleware, served_by=served_by)
    return app


def _prepare_dirs(settings: Settings) -> None:
    # The data directory holds uploads, findings and the cache: personal data, owner-only.
    for path in (settings.data_dir, settings.jobs_dir, settings.tmp_dir):
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
