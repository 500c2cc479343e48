"""Non-streaming endpoints and upload validation, in process (see conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import httpx
import pytest

from service.config import Settings
from service.options import ENTITY_TYPES

PDF = {"content-type": "application/pdf"}


async def test_healthz_and_readyz(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    with anyio.fail_after(60):
        while (r := await client.get("/readyz")).status_code != 200:
            assert r.json()["status"] == "starting"
            await anyio.sleep(0.1)
    assert r.json()["status"] == "ready"


async def test_entities_lists_every_type_and_recognizer(client: httpx.AsyncClient) -> None:
    body = (await client.get("/v1/entities")).json()
    assert body["entity_types"] == list(ENTITY_TYPES)
    assert body["recognizers"] and all("name" in r for r in body["recognizers"])


async def test_metrics_are_prometheus_text(client: httpx.AsyncClient) -> None:
    await client.get("/healthz")
    r = await client.get("/metrics")
    assert r.headers["content-type"].startswith("text/plain")
    assert 'presidio_pdf_request_seconds_count{method="GET",route="/healthz"' in r.text
    assert "presidio_pdf_process_rss_bytes" in r.text


async def test_openapi_documents_uploads_and_streaming_media_types(
    client: httpx.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()
    scan = spec["paths"]["/v1/scan"]["post"]
    assert set(scan["requestBody"]["content"]) == {"application/pdf", "multipart/form-data"}
    assert set(scan["responses"]["200"]["content"]) == {"application/x-ndjson"}
    assert {"413", "415", "422", "503"} <= set(scan["responses"])
    assert {p["name"] for p in scan["parameters"]} >= {"entities", "threshold", "pages"}
    events = spec["paths"]["/v1/jobs/{job_id}/events"]["get"]
    assert set(events["responses"]["200"]["content"]) == {"text/event-stream"}
    findings = spec["paths"]["/v1/jobs/{job_id}/findings"]["get"]
    assert set(findings["responses"]["200"]["content"]) == {"application/x-ndjson"}
    pdf = spec["paths"]["/v1/jobs/{job_id}/pdf"]["get"]
    assert "application/pdf" in pdf["responses"]["200"]["content"]
    assert spec["paths"]["/v1/jobs"]["post"]["responses"]["202"]
    assert (await client.get("/docs")).status_code == 200


async def _chunks(n: int, size: int) -> AsyncIterator[bytes]:
    yield b"%PDF-1.7\n"
    for _ in range(n):
        yield b"0" * size


async def test_upload_over_the_cap_while_streaming_is_413_and_leaves_no_file(
    client: httpx.AsyncClient, api_settings: Settings
) -> None:
    # No Content-Length (chunked): only the streaming check can catch it.
    r = await client.post("/v1/scan", content=_chunks(10, 1000), headers=PDF)
    assert r.status_code == 413
    assert r.json() == {"error": {"code": "too_large", "message": r.json()["error"]["message"]}}
    assert list(api_settings.tmp_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"x" * 2000, 415, "not_pdf"),  # no %PDF- within the first KiB
        (b"", 400, "empty_file"),
    ],
)
async def test_bad_bodies(
    client: httpx.AsyncClient, api_settings: Settings, body: bytes, status: int, code: str
) -> None:
    r = await client.post("/v1/jobs", content=body, headers=PDF)
    assert (r.status_code, r.json()["error"]["code"]) == (status, code)
    assert list(api_settings.tmp_dir.iterdir()) == []


async def test_corrupt_pdf_is_422_before_the_stream(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/scan", content=b"%PDF-1.7\n" + b"x" * 100, headers=PDF)
    assert (r.status_code, r.json()["error"]["code"]) == (422, "corrupt_pdf")


async def test_page_cap_is_422(client: httpx.AsyncClient) -> None:
    import pymupdf

    doc = pymupdf.open()
    for _ in range(6):
        doc.new_page()
    r = await client.post("/v1/scan", content=doc.tobytes(), headers=PDF)
    assert (r.status_code, r.json()["error"]["code"]) == (422, "too_many_pages")


@pytest.mark.parametrize(
    "params",
    [{"threshold": "2"}, {"language": "xx"}, {"deny": "nocolon"}, {"entities": "NOT_A_TYPE"}],
)
async def test_invalid_options_are_422_without_echoing_values(
    client: httpx.AsyncClient, params: dict[str, str]
) -> None:
    r = await client.post("/v1/scan", content=b"%PDF-1.7\n", headers=PDF, params=params)
    assert (r.status_code, r.json()["error"]["code"]) == (422, "invalid_options")


async def test_multipart_options_must_be_a_json_object(client: httpx.AsyncClient) -> None:
    files = {"file": ("a.pdf", b"%PDF-1.7\n", "application/pdf")}
    r = await client.post("/v1/scan", files=files, data={"options": "[1, 2]"})
    assert (r.status_code, r.json()["error"]["code"]) == (422, "invalid_options")


async def test_unknown_routes_and_jobs_use_the_error_body(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = await client.get("/v1/jobs/0123")
    assert r.json() == {"error": {"code": "not_found", "message": "no job 0123"}}
    r = await client.put("/v1/scan")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
