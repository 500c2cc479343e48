"""Jobs: run a document in the background, publish progress to the store, clean up after TTL.

A job belongs to the web process that accepted it (its `owner`); that process runs it in the
lifespan task group and heartbeats it. Any process can read it: status, SSE and findings come
from the store.

Restart semantics (documented in the README): jobs are not re-queued. On start-up, and then
every housekeeping round, an active job whose owner is gone - a dead pid on this host, or no
heartbeat for `job_stale_after` - becomes `failed` with code `interrupted`, and its streams end
with that error. A clean shutdown marks this process's own running jobs the same way. Done jobs
stay readable until their TTL. Re-submitting is cheap when the earlier run completed, thanks to
the result cache; a half-finished document is not resumed (its password is never stored).

Cancellation (DELETE) is recorded in the store first, so it works from any process: the owner
cancels at once if the request reached it, otherwise it notices before its next chunk.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import time
import uuid
from pathlib import Path

import anyio
from anyio.abc import TaskGroup

from service import metrics
from service.config import Settings
from service.errors import Cancelled, Interrupted, NotFound, PresidioPdfError
from service.executor import Admission, Ticket
from service.jobstore import ACTIVE, Job, JobStore
from service.options import ScanOptions
from service.records import PageResult, error_record, summary_record
from service.scanner import Scanner
from service.upload import Upload, move

log = logging.getLogger("presidio_pdf.jobs")
HOST = socket.gethostname()
STALE_UPLOAD_SECONDS = 3600.0


class JobService:
    def __init__(
        self, settings: Settings, store: JobStore, scanner: Scanner, admission: Admission
    ) -> None:
        self.settings = settings
        self.store = store
        self.scanner = scanner
        self.admission = admission
        self.owner = f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._scopes: dict[str, anyio.CancelScope] = {}
        self._tg: TaskGroup | None = None

    def input_path(self, job_id: str) -> Path:
        return self.settings.jobs_dir / job_id / "input.pdf"

    def job_dir(self, job_id: str) -> Path:
        return self.settings.jobs_dir / job_id

    async def start(self, tg: TaskGroup) -> None:
        self._tg = tg
        await self.sweep()
        tg.start_soon(self._heartbeat_loop)
        tg.start_soon(self._housekeeping_loop)

    async def create(self, upload: Upload, options: ScanOptions, ticket: Ticket) -> Job:
        """Store the job and start it; the upload's file moves into the job's directory."""
        assert self._tg is not None, "JobService.start() was not called"
        job = Job(
            id=uuid.uuid4().hex,
            status="queued",
            sha256=upload.sha256,
            options_key=options.cache_key(),
            owner=self.owner,
        )
        upload = await move(upload, self.input_path(job.id))
        await self.store.create(job)
        scope = anyio.CancelScope()
        self._scopes[job.id] = scope
        self._tg.start_soon(self._run, job, upload, options, ticket, scope)
        log.info("job %s queued sha256=%s size=%d", job.id, upload.sha256[:12], upload.size)
        return job

    async def _run(
        self,
        job: Job,
        upload: Upload,
        options: ScanOptions,
        ticket: Ticket,
        scope: anyio.CancelScope,
    ) -> None:
        started = time.perf_counter()
        outcome = "done"
        try:
            with scope:
                await ticket.acquire()
                outcome = await self._process(job, upload, options)
            if scope.cancelled_caught:
                outcome = "cancelled"
        except PresidioPdfError as exc:
            outcome = exc.code
            await self._finish(job.id, "failed", exc)
        except Exception:
            log.exception("job %s failed unexpectedly", job.id)
            outcome = "internal"
            await self._finish(job.id, "failed", PresidioPdfError("internal error"))
        except BaseException:
            # Shutdown cancels the task group: this process will not finish the job.
            with anyio.CancelScope(shield=True):
                await self._finish(job.id, "failed", _interrupted())
            outcome = "interrupted"
            raise
        finally:
            ticket.release()
            self._scopes.pop(job.id, None)
            metrics.DOCUMENTS.labels(outcome).inc()
            log.info("job %s %s in %.2f s", job.id, outcome, time.perf_counter() - started)

    async def _process(self, job: Job, upload: Upload, options: ScanOptions) -> str:
        started = time.perf_counter()
        info = await self.scanner.inspect(upload.path, upload.sha256, options)
        first, last = self.scanner.page_range(info, options)
        total = last - first + 1
        if not await self.store.update(
            job.id,
            status="running",
            pages_total=total,
            events=[("status", {"status": "running"}), _progress(0, total)],
            records=[info.to_record()],
        ):
            return "cancelled"  # cancelled while queued
        done: list[PageResult] = []
        counts: dict[str, int] = {}
        stream = self.scanner.pages(upload.path, info, options)
        async with contextlib.aclosing(stream):
            async for chunk in stream:
                done.extend(chunk)
                for page in chunk:
                    for f in page.findings:
                        counts[f.entity_type] = counts.get(f.entity_type, 0) + 1
                events = [("page", p.to_record()) for p in chunk]
                events.append(_progress(len(done), total))
                records = [r for p in chunk for r in p.records()]
                if not await self.store.update(
                    job.id, pages_done=len(done), counts=counts, events=events, records=records
                ):
                    return "cancelled"  # cancelled through another process; stop scheduling
        summary = summary_record(done, time.perf_counter() - started)
        await self.store.update(
            job.id,
            status="done",
            events=[("done", summary)],
            records=[summary],
        )
        return "done"

    async def _finish(self, job_id: str, status: str, exc: PresidioPdfError) -> None:
        await self.store.update(
            job_id,
            status=status,
            error_code=exc.code,
            error_message=exc.message,
            events=[("error", {"code": exc.code, "message": exc.message})],
            records=[error_record(exc.code, exc.message)],
        )

    async def get(self, job_id: str) -> Job:
        job = await self.store.get(job_id)
        if job is None:
            raise NotFound(f"no job {job_id}")
        return job

    async def delete(self, job_id: str) -> None:
        """Cancel an active job (it stays visible as `cancelled`); remove a finished one."""
        job = await self.get(job_id)
        if job.status in ACTIVE:
            await self._finish(job_id, "cancelled", Cancelled("the job was cancelled"))
            scope = self._scopes.get(job_id)
            if scope is not None:
                scope.cancel()
        else:
            await self.store.delete(job_id)
        await anyio.to_thread.run_sync(shutil.rmtree, self.job_dir(job_id), True)

    async def sweep(self) -> None:
        """Mark orphaned jobs interrupted; delete expired jobs and cache entries."""
        now = time.time()
        for job in await self.store.active():
            if job.owner == self.owner or not _orphaned(job, now, self.settings.job_stale_after):
                continue
            log.warning("job %s interrupted (owner %s is gone)", job.id, job.owner)
            await self._finish(job.id, "failed", _interrupted())
        for job_id in await self.store.expired(now - self.settings.job_ttl):
            await self.store.delete(job_id)
            await anyio.to_thread.run_sync(shutil.rmtree, self.job_dir(job_id), True)
        await self.store.cache_evict(now - self.settings.cache_ttl)
        await anyio.to_thread.run_sync(_remove_stale_uploads, self.settings.tmp_dir, now)

    async def _heartbeat_loop(self) -> None:
        while True:
            await anyio.sleep(self.settings.heartbeat_interval)
            await self.store.heartbeat(list(self._scopes))

    async def _housekeeping_loop(self) -> None:
        while True:
            await anyio.sleep(self.settings.housekeeping_interval)
            try:
                await self.sweep()
            except Exception:
                log.exception("housekeeping failed")


def _remove_stale_uploads(tmp_dir: Path, now: float) -> None:
    """Temp files of a process that was killed mid-request (live ones are minutes old at most)."""
    for path in tmp_dir.glob("*.pdf"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > STALE_UPLOAD_SECONDS:
                path.unlink()


def _interrupted() -> PresidioPdfError:
    return Interrupted()


def _progress(done: int, total: int) -> tuple[str, dict[str, float | int]]:
    percent = round(100.0 * done / total, 1) if total else 100.0
    return ("progress", {"pages_done": done, "pages_total": total, "percent": percent})


def _orphaned(job: Job, now: float, stale_after: float) -> bool:
    host, _, rest = job.owner.partition(":")
    pid = int(rest.split(":", 1)[0]) if rest.split(":", 1)[0].isdigit() else -1
    if host == HOST and (pid == os.getpid() or not _pid_alive(pid)):
        return True  # same host: a dead pid (or our own pid from a previous run)
    return now - job.heartbeat > stale_after


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid > 0
