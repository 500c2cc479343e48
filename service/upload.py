"""Stream a request body to a size-capped temp file, hashing as it goes; never hold it in memory.

Accepts a raw `application/pdf` (or octet-stream) body, or `multipart/form-data` with the PDF in
field `file` and optional JSON scan options in field `options`. Multipart is parsed here with
python-multipart's push parser rather than `request.form()`, because Starlette's form parsing
spools files without a size cap and would write the bytes twice.

Checks, in order: Content-Length against the cap (413 before reading), the cap again while
streaming (413), `%PDF-` within the first 1 KiB (415, as soon as 1 KiB arrived), empty (400).
The temp file is removed on every failure path, including a client that disconnects mid-upload
(Starlette raises ClientDisconnect, or the task is cancelled).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiofiles
import aiofiles.os
import anyio
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from service.errors import EmptyFile, InvalidOptions, NotAPdf, TooLarge

MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # the PDF spec tolerates leading junk; readers look this far
MULTIPART_OVERHEAD = 64 * 1024  # boundaries, part headers and the options field
MAX_OPTIONS_BYTES = 32 * 1024
PDF_TYPES = ("application/pdf", "application/octet-stream", "application/x-pdf", "")


@dataclass(frozen=True, slots=True)
class Upload:
    path: Path
    size: int
    sha256: str
    options_json: bytes | None = None  # the multipart `options` field, if any

    async def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            await aiofiles.os.remove(self.path)


class _Sink:
    """Receives file bytes: cap, magic check, hash, write."""

    def __init__(self, path: Path, limit: int) -> None:
        self.path, self.limit = path, limit
        self.size = 0
        self.head = b""
        self.hash = hashlib.sha256()
        self.file: Any = None

    async def write(self, data: bytes) -> None:
        if not data:
            return
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge(f"the upload exceeds the limit of {self.limit} bytes")
        if len(self.head) < MAGIC_WINDOW:
            self.head += data[: MAGIC_WINDOW - len(self.head)]
            if len(self.head) >= MAGIC_WINDOW:
                self.check_magic()
        self.hash.update(data)
        await self.file.write(data)

    def check_magic(self) -> None:
        if MAGIC not in self.head:
            raise NotAPdf("the upload is not a PDF (no %PDF- header)")


async def receive_pdf(request: Request, tmp_dir: Path, limit: int) -> Upload:
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    ctype = content_type.decode().lower()
    multipart = ctype == "multipart/form-data"
    if not multipart and ctype not in PDF_TYPES:
        raise NotAPdf(f"send application/pdf or multipart/form-data, not {ctype}")
    declared = request.headers.get("content-length")
    slack = MULTIPART_OVERHEAD if multipart else 0
    if declared and declared.isdigit() and int(declared) > limit + slack:
        raise TooLarge(f"the upload exceeds the limit of {limit} bytes")
    await anyio.Path(tmp_dir).mkdir(parents=True, exist_ok=True)
    sink = _Sink(tmp_dir / f"upload-{uuid.uuid4().hex}.pdf", limit)
    options: bytes | None = None
    try:
        async with aiofiles.open(sink.path, "wb") as sink.file:
            if multipart:
                boundary = params.get(b"boundary")
                if not boundary:
                    raise InvalidOptions("multipart body without a boundary")
                options = await _multipart(request, boundary, sink)
            else:
                async for chunk in request.stream():
                    await sink.write(chunk)
        if sink.size == 0:
            raise EmptyFile("the upload is empty")
        sink.check_magic()
    except BaseException:
        with anyio.CancelScope(shield=True), contextlib.suppress(FileNotFoundError):
            await aiofiles.os.remove(sink.path)
        raise
    return Upload(sink.path, sink.size, sink.hash.hexdigest(), options)


async def _multipart(request: Request, boundary: bytes, sink: _Sink) -> bytes | None:
    """Feed the body to a push parser; file bytes go to the sink between feeds."""
    state: dict[str, Any] = {"field": b"", "value": b"", "name": None}
    out: list[bytes] = []  # file data produced by the current feed
    options = bytearray()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        if state["field"].lower() == b"content-disposition":
            _, disp = parse_options_header(state["value"])
            state["name"] = disp.get(b"name")
        state["field"], state["value"] = b"", b""

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if state["name"] == b"file":
            out.append(data[start:end])
        elif state["name"] == b"options":
            options.extend(data[start:end])
            if len(options) > MAX_OPTIONS_BYTES:
                raise InvalidOptions("the options field is too large")

    def on_part_begin() -> None:
        state["name"] = None

    parser = MultipartParser(
        boundary,
        callbacks={  # type: ignore[arg-type]
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
        },
    )
    async for chunk in request.stream():
        parser.write(chunk)
        for data in out:
            await sink.write(data)
        out.clear()
    parser.finalize()
    return bytes(options) if options else None


async def move(upload: Upload, dest: Path) -> Upload:
    """Hand the temp file over to a job directory (same filesystem: a rename)."""
    await anyio.Path(dest.parent).mkdir(parents=True, exist_ok=True)
    await anyio.to_thread.run_sync(os.replace, upload.path, dest)
    return Upload(dest, upload.size, upload.sha256, upload.options_json)
