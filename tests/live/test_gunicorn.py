"""gunicorn with two web processes: a job created through one is served to SSE, status and
findings requests on either, and /metrics merges both processes (multiprocess mode)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import anyio
import httpx
import pytest
from httpx_sse import aconnect_sse

from tests.live.conftest import ROOT, Server, free_port, server_env, stop, wait_ready


@pytest.fixture(scope="module")
def gunicorn_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("gunicorn")
    data, port = base / "data", free_port()
    log = base / "gunicorn.log"
    env = server_env(data, web_workers=2, port=port, served_by_header="true")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, proc, log)
        yield Server(url, proc, data, log)
    finally:
        stop(proc)


def ready_processes(url: str, timeout: float = 90) -> set[str]:
    """Web processes answering /readyz 200 (each warms its own pool, so they get ready apart)."""
    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < 2 and time.monotonic() < deadline:
        # A fresh connection each time, so the kernel may hand it to either web process.
        r = httpx.get(f"{url}/readyz", timeout=10)
        if r.status_code == 200:
            seen.add(r.headers["x-served-by"])
        else:
            time.sleep(0.1)
    return seen


async def test_a_job_is_served_by_either_web_process(
    gunicorn_server: Server, small_pdf: bytes
) -> None:
    assert len(await anyio.to_thread.run_sync(ready_processes, gunicorn_server.url)) == 2

    async with httpx.AsyncClient(base_url=gunicorn_server.url, timeout=120) as client:
        r = await client.post(
            "/v1/jobs", content=small_pdf, headers={"content-type": "application/pdf"}
        )
        job_id, owner = r.json()["id"], r.headers["x-served-by"]
    sse_servers = set()
    no_reuse = httpx.Limits(max_keepalive_connections=0)  # each stream on a new connection
    for _ in range(40):
        async with (
            httpx.AsyncClient(base_url=gunicorn_server.url, timeout=60, limits=no_reuse) as client,
            aconnect_sse(client, "GET", f"/v1/jobs/{job_id}/events") as es,
        ):
            sse_servers.add(es.response.headers["x-served-by"])
            names = [sse.event async for sse in es.aiter_sse() if sse.data]
            assert names[-1] == "done" and "progress" in names
        if len(sse_servers) == 2:
            break
    assert owner in sse_servers and len(sse_servers) == 2

    # Metrics merge both processes: the job's pages count once, wherever it is scraped.
    totals = {gunicorn_server.metric("presidio_pdf_pages_processed_total") for _ in range(6)}
    assert totals == {2.0}
