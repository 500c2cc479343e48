"""POST /v1/scan and /v1/redact against a real uvicorn: streaming, cache, disconnect, errors."""

from __future__ import annotations

import time
from pathlib import Path

import anyio
import httpx
import orjson
import pymupdf
import pytest

from tests.live.conftest import Server, build_blank_pdf, build_pdf

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "pdfs"
PDF = {"content-type": "application/pdf"}


async def scan_lines(server: Server, body: bytes, **params: str) -> list[dict]:
    async with httpx.AsyncClient(base_url=server.url, timeout=120) as client:
        r = await client.post("/v1/scan", content=body, headers=PDF, params=params)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/x-ndjson"
        return [orjson.loads(line) for line in r.text.splitlines()]


async def test_first_finding_arrives_before_the_last_page_is_processed(
    live_server: Server, big_pdf: bytes
) -> None:
    pages_before = live_server.metric("presidio_pdf_pages_processed_total")
    records: list[dict] = []
    pages_at_first_finding = None
    async with (
        httpx.AsyncClient(base_url=live_server.url, timeout=120) as client,
        client.stream("POST", "/v1/scan", content=big_pdf, headers=PDF) as r,
    ):
        assert r.status_code == 200
        async for line in r.aiter_lines():
            rec = orjson.loads(line)
            records.append(rec)
            if rec["type"] == "finding" and pages_at_first_finding is None:
                done = await anyio.to_thread.run_sync(
                    live_server.metric, "presidio_pdf_pages_processed_total"
                )
                pages_at_first_finding = done - pages_before
    assert pages_at_first_finding is not None and pages_at_first_finding < 200
    assert records[0] == {"type": "document", "pages": 200, "sha256": records[0]["sha256"]}
    assert [r["page"] for r in records if r["type"] == "page"] == list(range(1, 201))
    assert records[-1]["type"] == "summary" and records[-1]["pages"] == 200
    kinds = {r["entity_type"] for r in records if r["type"] == "finding"}
    assert {"PHONE_NUMBER", "EMAIL_ADDRESS"} <= kinds


async def test_same_bytes_and_options_are_answered_from_the_cache(live_server: Server) -> None:
    body = build_pdf(3, salt="cache")
    first = await scan_lines(live_server, body, entities="PHONE_NUMBER,EMAIL_ADDRESS")
    hits = live_server.metric("presidio_pdf_cache_hits_total")
    pages = live_server.metric("presidio_pdf_pages_processed_total")
    second = await scan_lines(live_server, body, entities="EMAIL_ADDRESS,PHONE_NUMBER")
    assert live_server.metric("presidio_pdf_cache_hits_total") == hits + 1
    assert live_server.metric("presidio_pdf_pages_processed_total") == pages  # no engine run
    strip = [r for r in first if r["type"] != "summary"]
    assert [r for r in second if r["type"] != "summary"] == strip
    # Other options are another cache entry.
    await scan_lines(live_server, body, entities="PHONE_NUMBER")
    assert live_server.metric("presidio_pdf_cache_hits_total") == hits + 1


async def test_disconnect_cancels_the_remaining_chunks(live_server: Server) -> None:
    body = build_pdf(200, salt="disconnect")
    cancelled = live_server.metric("presidio_pdf_documents_total", 'outcome="cancelled"')
    pages_before = live_server.metric("presidio_pdf_pages_processed_total")
    async with (
        httpx.AsyncClient(base_url=live_server.url, timeout=120) as client,
        client.stream("POST", "/v1/scan", content=body, headers=PDF) as r,
    ):
        async for line in r.aiter_lines():
            if orjson.loads(line)["type"] == "page":
                break  # leave while most chunks are still to come
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if live_server.metric("presidio_pdf_documents_total", 'outcome="cancelled"') > cancelled:
            break
        await anyio.sleep(0.1)
    assert live_server.metric("presidio_pdf_documents_total", 'outcome="cancelled"') > cancelled
    assert live_server.metric("presidio_pdf_chunks_cancelled_total") > 0
    await anyio.sleep(1.0)  # chunks already running may finish; nothing new is scheduled
    assert live_server.metric("presidio_pdf_pages_processed_total") - pages_before < 200
    assert live_server.metric("presidio_pdf_documents_in_flight") == 0


async def test_multipart_upload_with_json_options(live_server: Server, small_pdf: bytes) -> None:
    files = {"file": ("a.pdf", small_pdf, "application/pdf")}
    data = {"options": '{"entities": ["EMAIL_ADDRESS"], "pages": "2"}'}
    async with httpx.AsyncClient(base_url=live_server.url, timeout=60) as client:
        r = await client.post("/v1/scan", files=files, data=data)
    records = [orjson.loads(line) for line in r.text.splitlines()]
    assert r.status_code == 200, r.text
    findings = [x for x in records if x["type"] == "finding"]
    assert findings and {f["entity_type"] for f in findings} == {"EMAIL_ADDRESS"}
    assert {f["page"] for f in findings} == {2}
    assert records[-1]["type"] == "summary"


@pytest.mark.parametrize(
    ("body", "headers", "status", "code"),
    [
        (b"hello, not a pdf" * 100, PDF, 415, "not_pdf"),
        (b"", PDF, 400, "empty_file"),
        (b"%PDF-1.7\n" + b"x" * 50, {"content-type": "text/plain"}, 415, "not_pdf"),
    ],
)
async def test_bad_uploads_get_json_errors(
    live_server: Server, body: bytes, headers: dict[str, str], status: int, code: str
) -> None:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=60) as client:
        r = await client.post("/v1/scan", content=body, headers=headers)
    assert r.status_code == status
    assert r.json() == {"error": {"code": code, "message": r.json()["error"]["message"]}}


async def test_declared_size_over_the_limit_is_413_before_reading(live_server: Server) -> None:
    # httpx will not send fewer bytes than it declares; a raw socket shows the server answers
    # from Content-Length alone, without waiting for the 51 MB.
    host, port = live_server.url.removeprefix("http://").split(":")
    async with await anyio.connect_tcp(host, int(port)) as sock:
        head = (
            "POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: application/pdf\r\n"
            f"Content-Length: {51 * 2**20}\r\n\r\n%PDF-"
        )
        await sock.send(head.encode())
        reply = b""
        with anyio.fail_after(10):
            while not reply.endswith(b"}}"):
                reply += await sock.receive()
    status_line, _, rest = reply.partition(b"\r\n")
    assert status_line.split()[1] == b"413"
    assert b'"code":"too_large"' in rest


async def test_too_many_pages_is_422(live_server: Server) -> None:
    body = build_blank_pdf(301)
    async with httpx.AsyncClient(base_url=live_server.url, timeout=60) as client:
        r = await client.post("/v1/scan", content=body, headers=PDF)
    assert r.status_code == 422 and r.json()["error"]["code"] == "too_many_pages"


@pytest.mark.parametrize(
    ("password", "status", "code"),
    [(None, 422, "encrypted"), ("wrong", 422, "wrong_password"), ("asdfzxcv", 200, None)],
)
async def test_encrypted_pdf_needs_its_password(
    live_server: Server, password: str | None, status: int, code: str | None
) -> None:
    path = CORPUS / "encrypted" / "pypdf__r4-aes-user-password.pdf"
    if not path.exists():
        pytest.skip("corpus not available")
    headers = {**PDF, **({"x-pdf-password": password} if password else {})}
    async with httpx.AsyncClient(base_url=live_server.url, timeout=60) as client:
        r = await client.post(
            "/v1/scan", content=await anyio.Path(path).read_bytes(), headers=headers
        )
    assert r.status_code == status, r.text
    if code:
        assert r.json()["error"]["code"] == code


async def test_corrupt_pdf_is_422(live_server: Server) -> None:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=60) as client:
        r = await client.post("/v1/scan", content=b"%PDF-1.7\n%garbage\n" * 200, headers=PDF)
    assert r.status_code == 422 and r.json()["error"]["code"] in ("corrupt_pdf", "no_pages")


async def test_invalid_options_are_422(live_server: Server, small_pdf: bytes) -> None:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=60) as client:
        r = await client.post(
            "/v1/scan", content=small_pdf, headers=PDF, params={"entities": "NOPE"}
        )
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_options"
        r = await client.post("/v1/scan", content=small_pdf, headers=PDF, params={"pages": "5-9"})
        assert r.status_code == 422 and r.json()["error"]["code"] == "bad_page_range"


async def test_redact_returns_a_pdf_without_the_pii(live_server: Server, small_pdf: bytes) -> None:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=120) as client:
        r = await client.post("/v1/redact", content=small_pdf, headers=PDF)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    with pymupdf.open(stream=r.content, filetype="pdf") as doc:
        text = "".join(page.get_text() for page in doc)
    assert "03-1234-5678" not in text and "taro@example.jp" not in text
    # The server removes its temp files after the last byte is sent: allow it a moment.
    tmp = anyio.Path(live_server.data_dir / "tmp")
    with anyio.fail_after(5):
        while [p async for p in tmp.iterdir()]:  # noqa: ASYNC110
            await anyio.sleep(0.05)


async def test_a_cached_result_is_not_served_without_the_password(live_server: Server) -> None:
    """The cache is keyed by the bytes, but bytes are not a credential: an encrypted document is
    always opened with the caller's password before its stored result is handed out."""
    doc = pymupdf.open(stream=build_pdf(2, salt="encrypted cache"), filetype="pdf")
    body = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="s3cret", owner_pw="own")
    doc.close()
    async with httpx.AsyncClient(base_url=live_server.url, timeout=60) as client:
        for password in ("s3cret", "s3cret"):
            r = await client.post(
                "/v1/scan", content=body, headers={**PDF, "x-pdf-password": password}
            )
            assert r.status_code == 200 and '"type":"summary"' in r.text
        hits = live_server.metric("presidio_pdf_cache_hits_total")
        assert hits >= 1
        for password, code in ((None, "encrypted"), ("wrong", "wrong_password")):
            headers = {**PDF, **({"x-pdf-password": password} if password else {})}
            r = await client.post("/v1/scan", content=body, headers=headers)
            assert r.status_code == 422 and r.json()["error"]["code"] == code
    assert live_server.metric("presidio_pdf_cache_hits_total") == hits


async def test_logs_hold_no_document_text_or_secrets(tmp_path: Path) -> None:
    """At DEBUG, through scans, a job, a redaction and failures: the log may carry sha256
    prefixes and counts, never a finding's text, an allow/deny value or a password."""
    from tests.live.conftest import start_server

    body = build_pdf(2, salt="logs")
    with start_server(tmp_path / "data", log_level="DEBUG") as server:
        records = await scan_lines(server, body, allow="存在しない語", deny="PERSON:秘密の合言葉")
        texts = {r["text"] for r in records if r["type"] == "finding"}
        assert len(texts) >= 3
        async with httpx.AsyncClient(base_url=server.url, timeout=120) as client:
            r = await client.post("/v1/redact", content=body, headers=PDF)
            assert r.status_code == 200
            r = await client.post("/v1/jobs", content=body + b"%job", headers=PDF)
            job = r.json()["id"]
            async with client.stream("GET", f"/v1/jobs/{job}/events") as events:
                async for line in events.aiter_lines():
                    if line.startswith("event: done"):
                        break
            r = await client.post(
                "/v1/scan", content=b"%PDF-1.7 broken", headers={**PDF, "X-PDF-Password": "hunter2"}
            )
            assert r.status_code == 422
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "job " in log and records[0]["sha256"][:12] in log  # the log is not simply empty
    for secret in [*texts, "存在しない語", "秘密の合言葉", "hunter2"]:
        assert secret not in log, f"{secret!r} is in the server log"
