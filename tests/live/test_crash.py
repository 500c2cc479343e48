"""A worker killed with SIGKILL mid-document (as the OOM killer would) fails that document with
`worker_crashed`; the other document in flight is resubmitted and completes; the pool is
replaced and the next request succeeds."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import anyio
import httpx
import orjson
import pytest

from tests.live.conftest import Server, build_pdf, start_server

PDF = {"content-type": "application/pdf"}


@pytest.fixture(scope="module")
def crash_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("crash")
    with start_server(base / "data", workers=1) as server:
        yield server


async def kill_mid_chunk(server: Server) -> None:
    """SIGKILL the worker while it is inside a chunk. It is frozen (SIGSTOP) first and its task
    marker checked again: a marker read just before the worker finished its chunk would otherwise
    kill it between chunks, where nothing is to blame and every chunk is resubmitted."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for pid in server.worker_pids_running_tasks():
            os.kill(pid, signal.SIGSTOP)
            if pid in server.worker_pids_running_tasks():
                os.kill(pid, signal.SIGKILL)
                return
            os.kill(pid, signal.SIGCONT)
        await anyio.sleep(0.01)
    raise AssertionError("no worker was caught running a chunk")


async def test_sigkilled_worker_fails_only_its_document(
    crash_server: Server, small_pdf: bytes
) -> None:
    bodies = [build_pdf(40, salt=f"crash{i}") for i in range(2)]
    results: dict[int, list[dict]] = {0: [], 1: []}
    started = anyio.Event()
    async with (
        httpx.AsyncClient(base_url=crash_server.url, timeout=120) as client,
        anyio.create_task_group() as tg,
    ):

        async def scan(i: int) -> None:
            body = bodies[i]
            async with client.stream("POST", "/v1/scan", content=body, headers=PDF) as r:
                async for line in r.aiter_lines():
                    results[i].append(orjson.loads(line))
                    if results[i][-1]["type"] == "page":
                        started.set()

        tg.start_soon(scan, 0)
        tg.start_soon(scan, 1)
        await started.wait()
        await kill_mid_chunk(crash_server)

    terminals = sorted(r[-1]["type"] + ":" + r[-1].get("code", "") for r in results.values())
    assert terminals == ["error:worker_crashed", "summary:"]
    assert crash_server.metric("presidio_pdf_worker_restarts_total") == 1

    async with httpx.AsyncClient(base_url=crash_server.url, timeout=120) as client:
        r = await client.post("/v1/scan", content=small_pdf, headers=PDF)
        assert r.status_code == 200
        assert orjson.loads(r.text.splitlines()[-1])["type"] == "summary"
        deadline = time.monotonic() + 60
        while (await client.get("/readyz")).status_code != 200:
            assert time.monotonic() < deadline, "the replacement pool never became ready"
            await anyio.sleep(0.2)
