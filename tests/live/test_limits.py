"""Admission and deadlines on a deliberately tight server: one document at a time, a queue of
one, a two-second document deadline."""

from __future__ import annotations

from collections.abc import Iterator

import anyio
import httpx
import orjson
import pytest

from tests.live.conftest import Server, build_pdf, start_server

PDF = {"content-type": "application/pdf"}


@pytest.fixture(scope="module")
def tight_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("tight")
    settings = {"max_concurrent_documents": 1, "queue_size": 1, "document_deadline": 2}
    with start_server(base / "data", retry_after_seconds=7, **settings) as server:
        yield server


async def wait_for(server: Server, metric: str, value: float) -> None:
    with anyio.fail_after(20):
        while await anyio.to_thread.run_sync(server.metric, metric) != value:  # noqa: ASYNC110
            await anyio.sleep(0.05)


async def test_full_queue_is_503_and_the_deadline_gives_timeout(
    tight_server: Server, small_pdf: bytes
) -> None:
    slow = build_pdf(300, salt="slow")
    queued_result: list[dict] = []
    async with (
        httpx.AsyncClient(base_url=tight_server.url, timeout=120) as client,
        anyio.create_task_group() as tg,
    ):

        async def queued() -> None:
            r = await client.post("/v1/scan", content=small_pdf, headers=PDF)
            queued_result.extend(orjson.loads(x) for x in r.text.splitlines())

        async with client.stream("POST", "/v1/scan", content=slow, headers=PDF) as first:
            lines = first.aiter_lines()
            assert orjson.loads(await anext(lines))["type"] == "document"  # holds the slot
            tg.start_soon(queued)
            await wait_for(tight_server, "presidio_pdf_queue_depth", 1)

            r = await client.post("/v1/scan", content=small_pdf, headers=PDF)
            assert r.status_code == 503
            assert r.headers["retry-after"] == "7"
            assert r.json()["error"]["code"] == "overloaded"
            r = await client.post("/v1/jobs", content=small_pdf, headers=PDF)
            assert r.status_code == 503

            rest = [orjson.loads(line) async for line in lines]
        assert rest[-1]["type"] == "error" and rest[-1]["code"] == "timeout"
        assert not any(r["type"] == "summary" for r in rest)
    assert queued_result[-1]["type"] == "summary"  # the queued document ran afterwards
    assert tight_server.metric("presidio_pdf_documents_total", 'outcome="timeout"') == 1


async def test_a_cached_rescan_needs_no_slot(tight_server: Server) -> None:
    """With the only slot held by a long document, a re-scan of cached bytes is still answered
    at once: a cache hit never waits for a worker."""
    body = build_pdf(2, salt="cached while busy")
    async with httpx.AsyncClient(base_url=tight_server.url, timeout=120) as client:
        r = await client.post("/v1/scan", content=body, headers=PDF)
        primed = [orjson.loads(x) for x in r.text.splitlines()]
        assert primed[-1]["type"] == "summary"
        hits = tight_server.metric("presidio_pdf_cache_hits_total")
        slow = build_pdf(300, salt="slot holder")
        async with client.stream("POST", "/v1/scan", content=slow, headers=PDF) as holder:
            lines = holder.aiter_lines()
            assert orjson.loads(await anext(lines))["type"] == "document"  # holds the slot
            assert tight_server.metric("presidio_pdf_documents_in_flight") == 1
            with anyio.fail_after(10):
                r = await client.post("/v1/scan", content=body, headers=PDF)
            again = [orjson.loads(x) for x in r.text.splitlines()]
            assert tight_server.metric("presidio_pdf_documents_in_flight") == 1
    assert tight_server.metric("presidio_pdf_cache_hits_total") == hits + 1
    assert again[:-1] == primed[:-1]  # all but the summary's timing
    assert again[-1]["type"] == "summary" and again[-1]["findings"] == primed[-1]["findings"]
