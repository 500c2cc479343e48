"""POST /v1/scan (NDJSON stream of records) and POST /v1/redact (the output PDF)."""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Annotated, Any, Literal

import aiofiles.os
import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from starlette.types import Receive, Scope, Send

from service import metrics, ndjson, worker
from service.api.deps import PasswordDep, Services, ServicesDep
from service.api.openapi import ERRORS, NDJSON_200, PDF_200, UPLOAD_BODY
from service.errors import PresidioPdfError
from service.executor import Ticket
from service.models import ScanParams, options_from_json
from service.options import ScanOptions
from service.records import DocumentInfo, PageResult, error_record, summary_record
from service.scanner import collect
from service.upload import Upload, receive_pdf

log = logging.getLogger("presidio_pdf.api")
router = APIRouter(tags=["scan"])


async def admit(
    request: Request, services: Services, params: ScanParams, password: str | None
) -> tuple[Ticket, Upload, ScanOptions]:
    """Queue place, upload, options, slot - in that order, undone on any failure."""
    ticket = services.admission.reserve()  # 503 before reading a byte of an upload
    upload: Upload | None = None
    try:
        settings = services.settings
        upload = await receive_pdf(request, settings.tmp_dir, settings.max_upload_bytes)
        if upload.options_json is not None:
            params = options_from_json(upload.options_json)
        options = params.to_options(password)
        return ticket, upload, options
    except BaseException:
        ticket.release()
        if upload is not None:
            with anyio.CancelScope(shield=True):
                await upload.remove()
        raise


@router.post(
    "/v1/scan",
    status_code=200,
    summary="Scan a PDF; stream the findings as NDJSON",
    response_class=ndjson.NDJSONResponse,
    responses={200: NDJSON_200, **ERRORS},
    openapi_extra=UPLOAD_BODY,
)
async def scan(
    request: Request,
    services: ServicesDep,
    params: Annotated[ScanParams, Query()],
    password: PasswordDep = None,
) -> ndjson.NDJSONResponse:
    """Records in page order as chunks finish: `document`, then `finding`s and a `page` record
    per page, then exactly one `summary` or `error`. Errors before the first record are JSON
    with a status code; later ones are the final `error` record. Disconnecting cancels the
    remaining chunks."""
    ticket, upload, options = await admit(request, services, params, password)
    try:
        hit = await services.scanner.cached(upload.sha256, options)
        if hit is None:
            await ticket.acquire()
            info = await services.scanner.inspect(upload.path, upload.sha256, options)
            chunks = services.scanner.pages(upload.path, info, options)
        else:
            # A cache hit needs no worker: it gives up its queue place instead of taking a slot.
            ticket.release()
            info, cached_pages = hit
            chunks = _one(cached_pages)
    except BaseException:
        ticket.release()
        with anyio.CancelScope(shield=True):
            await upload.remove()
        raise

    async def close() -> None:
        ticket.release()
        await upload.remove()

    return ndjson.NDJSONResponse(_records(chunks, info), on_close=close)


async def _one(pages: list[PageResult]) -> AsyncGenerator[list[PageResult]]:
    yield pages


async def _records(
    chunks: AsyncGenerator[list[PageResult]], info: DocumentInfo
) -> AsyncIterator[bytes]:
    started = time.perf_counter()
    outcome = "cancelled"  # unless the stream reaches its terminal record
    results: list[PageResult] = []
    try:
        yield ndjson.line(info.to_record())
        try:
            async with contextlib.aclosing(chunks):
                async for chunk in chunks:
                    results.extend(chunk)
                    yield ndjson.lines(r for page in chunk for r in page.records())
            terminal = summary_record(results, time.perf_counter() - started)
        except PresidioPdfError as exc:
            terminal = error_record(exc.code, exc.message)
        except Exception:
            log.exception("scan failed unexpectedly sha256=%s", info.sha256[:12])
            terminal = error_record("internal", "internal error")
        outcome = "done" if terminal["type"] == "summary" else terminal["code"]
        yield ndjson.line(terminal)
    finally:
        metrics.DOCUMENTS.labels(outcome).inc()
        log.info(
            "scan %s sha256=%s pages=%d/%d findings=%d in %.2f s",
            outcome,
            info.sha256[:12],
            len(results),
            info.pages,
            sum(len(p.findings) for p in results),
            time.perf_counter() - started,
        )


class _CleanupFileResponse(FileResponse):
    """Removes its files however the response ends (BackgroundTask skips disconnects)."""

    def __init__(self, path: str, cleanup: list[Any], **kwargs: Any) -> None:
        super().__init__(path, **kwargs)
        self._cleanup = cleanup

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):
                for path in self._cleanup:
                    with contextlib.suppress(FileNotFoundError):
                        await aiofiles.os.remove(path)


@router.post(
    "/v1/redact",
    summary="Scan a PDF and return it redacted or highlighted",
    response_class=FileResponse,
    responses={200: PDF_200, **ERRORS},
    openapi_extra=UPLOAD_BODY,
)
async def redact(
    request: Request,
    services: ServicesDep,
    params: Annotated[ScanParams, Query()],
    mode: Annotated[Literal["redact", "highlight"], Query()] = "redact",
    password: PasswordDep = None,
) -> FileResponse:
    """`redact` removes the text and image pixels under each finding (verified afterwards);
    `highlight` adds one annotation per finding rectangle, labelled with its type only."""
    ticket, upload, options = await admit(request, services, params, password)
    out = services.settings.tmp_dir / f"output-{uuid.uuid4().hex}.pdf"
    outcome = "cancelled"
    try:
        await ticket.acquire()
        info = await services.scanner.inspect(upload.path, upload.sha256, options)
        pages = await collect(services.scanner, upload.path, info, options)
        findings = [f for page in pages for f in page.findings]
        await services.executor.call(
            worker.render, str(upload.path), str(out), mode, findings, options.password
        )
        outcome = "done"
    except PresidioPdfError as exc:
        outcome = exc.code
        raise
    finally:
        ticket.release()
        metrics.DOCUMENTS.labels(outcome).inc()
        if outcome != "done":
            with anyio.CancelScope(shield=True):
                await upload.remove()
                with contextlib.suppress(FileNotFoundError):
                    await aiofiles.os.remove(out)
    log.info("redact %s sha256=%s findings=%d", mode, info.sha256[:12], len(findings))
    return _CleanupFileResponse(
        str(out),
        [upload.path, out],
        media_type="application/pdf",
        filename=f"{mode}ed.pdf" if mode == "redact" else "highlighted.pdf",
    )
