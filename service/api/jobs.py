"""/v1/jobs: create (202 at once), status, SSE events, findings NDJSON, output PDF, delete."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Literal

import anyio
import orjson
from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse

from service import ndjson, sse, worker
from service.api.deps import PasswordDep, Services, ServicesDep
from service.api.openapi import ERRORS, JOB_ERRORS, NDJSON_200, PDF_200, SSE_200, UPLOAD_BODY
from service.api.scan import admit
from service.errors import NotReady
from service.jobstore import Job
from service.models import JobCreated, JobLinks, JobStatus, ScanParams

router = APIRouter(tags=["jobs"])


def _links(job_id: str) -> JobLinks:
    base = f"/v1/jobs/{job_id}"
    return JobLinks(
        self=base, events=f"{base}/events", findings=f"{base}/findings", pdf=f"{base}/pdf"
    )


def _status(job: Job) -> JobStatus:
    total = job.pages_total
    return JobStatus(
        id=job.id,
        status=job.status,  # type: ignore[arg-type]
        sha256=job.sha256,
        pages_total=total,
        pages_done=job.pages_done,
        percent=round(100.0 * job.pages_done / total, 1) if total else 0.0,
        counts=job.counts,
        error={"code": job.error_code, "message": job.error_message or ""}  # type: ignore[arg-type]
        if job.error_code
        else None,
        created=job.created,
        updated=job.updated,
        finished=job.finished,
        links=_links(job.id),
    )


@router.post(
    "/v1/jobs",
    status_code=202,
    response_model=JobCreated,
    summary="Upload a PDF and scan it in the background",
    responses=ERRORS,
    openapi_extra=UPLOAD_BODY,
)
async def create_job(
    request: Request,
    services: ServicesDep,
    params: Annotated[ScanParams, Query()],
    password: PasswordDep = None,
) -> JSONResponse:
    """Answers 202 as soon as the upload is stored; follow `links.events` for progress.
    A full queue answers 503 with Retry-After. The password is used in memory only."""
    ticket, upload, options = await admit(request, services, params, password)
    try:
        job = await services.jobs.create(upload, options, ticket)
    except BaseException:
        ticket.release()
        with anyio.CancelScope(shield=True):
            await upload.remove()
        raise
    body = JobCreated(id=job.id, status="queued", links=_links(job.id))
    return JSONResponse(body.model_dump(), status_code=202, headers={"Location": body.links.self})


@router.get("/v1/jobs/{job_id}", response_model=JobStatus, responses=JOB_ERRORS)
async def get_job(job_id: str, services: ServicesDep) -> JobStatus:
    return _status(await services.jobs.get(job_id))


@router.get(
    "/v1/jobs/{job_id}/events",
    status_code=200,
    response_class=StreamingResponse,
    responses={200: SSE_200, **JOB_ERRORS},
    summary="Progress as server-sent events",
)
async def job_events(
    job_id: str,
    services: ServicesDep,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    await services.jobs.get(job_id)  # 404 before the stream starts
    after = sse.parse_last_event_id(last_event_id)
    return StreamingResponse(
        sse.job_events(services.store, services.settings, job_id, after),
        media_type=sse.MEDIA_TYPE,
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.get(
    "/v1/jobs/{job_id}/findings",
    status_code=200,
    response_class=ndjson.NDJSONResponse,
    responses={200: NDJSON_200, **JOB_ERRORS},
    summary="The job's NDJSON records (streams while the job runs)",
)
async def job_findings(job_id: str, services: ServicesDep) -> ndjson.NDJSONResponse:
    await services.jobs.get(job_id)
    return ndjson.NDJSONResponse(_tail_records(services, job_id))


async def _tail_records(services: Services, job_id: str) -> AsyncIterator[bytes]:
    seq = 0
    while True:
        rows = await services.store.records_after(job_id, seq)
        if rows:
            seq = rows[-1][0]
            yield b"".join(data + b"\n" for _, data in rows)
            if orjson.loads(rows[-1][1])["type"] in ndjson.TERMINAL_TYPES:
                return
        else:
            job = await services.store.get(job_id)
            if job is None:  # deleted while streaming: say so rather than hang
                yield ndjson.line({"type": "error", "code": "not_found", "message": "deleted"})
                return
            await anyio.sleep(services.settings.sse_poll_interval)


@router.get(
    "/v1/jobs/{job_id}/pdf",
    response_class=FileResponse,
    responses={200: PDF_200, **JOB_ERRORS, 500: ERRORS[500]},
    summary="The redacted or highlighted PDF of a finished job",
)
async def job_pdf(
    job_id: str,
    services: ServicesDep,
    mode: Annotated[Literal["redact", "highlight"], Query()] = "redact",
    password: PasswordDep = None,
) -> FileResponse:
    job = await services.jobs.get(job_id)
    if job.status != "done":
        raise NotReady(f"the job is {job.status}")
    out = services.jobs.job_dir(job_id) / f"{mode}.pdf"
    if not await anyio.Path(out).exists():
        records = []
        seq = 0
        while rows := await services.store.records_after(job_id, seq):
            seq = rows[-1][0]
            records.extend(orjson.loads(d) for _, d in rows)
        findings = [ndjson.finding_from_record(r) for r in records if r["type"] == "finding"]
        partial = out.with_name(f".{mode}-{uuid.uuid4().hex}.pdf")
        try:
            await services.executor.call(
                worker.render,
                str(services.jobs.input_path(job_id)),
                str(partial),
                mode,
                findings,
                password,
            )
            # Concurrent requests each render; the rename makes whichever lands last win whole.
            await anyio.to_thread.run_sync(os.replace, partial, out)
        finally:
            with contextlib.suppress(FileNotFoundError):
                await anyio.Path(partial).unlink()
    return FileResponse(out, media_type="application/pdf", filename=f"{job_id}-{mode}.pdf")


@router.delete("/v1/jobs/{job_id}", status_code=204, responses=JOB_ERRORS)
async def delete_job(job_id: str, services: ServicesDep) -> Response:
    """Cancels a queued or running job (it stays visible as `cancelled` until its TTL) and
    deletes its files; deleting a finished job removes it entirely."""
    await services.jobs.delete(job_id)
    return Response(status_code=204)
