"""Restart semantics: done jobs stay readable, jobs that were running become `failed` with code
`interrupted` (they are not re-queued), and the result cache survives."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import httpx
import orjson
import pytest

from tests.live.conftest import build_pdf, start_server
from tests.live.test_jobs import create_job, read_events

PDF = {"content-type": "application/pdf"}


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
async def test_restart_keeps_done_jobs_and_interrupts_running_ones(
    tmp_path: Path, small_pdf: bytes, how: signal.Signals
) -> None:
    data = tmp_path / "data"
    slow = build_pdf(100, salt="restart")
    with start_server(data) as first:
        async with httpx.AsyncClient(base_url=first.url, timeout=120) as client:
            done_id = await create_job(client, small_pdf, entities="EMAIL_ADDRESS")
            assert (await read_events(client, done_id))[-1][1] == "done"
            running_id = await create_job(client, slow)
            await read_events(client, running_id, stop_after=4)
        # SIGKILL the whole group (server, forkserver, workers) like a crashed host would;
        # SIGTERM is the orderly stop.
        os.killpg(first.proc.pid, how) if how == signal.SIGKILL else first.proc.terminate()
        first.proc.wait(30)

    with start_server(data) as second:
        async with httpx.AsyncClient(base_url=second.url, timeout=120) as client:
            done = (await client.get(f"/v1/jobs/{done_id}")).json()
            assert done["status"] == "done"
            r = await client.get(f"/v1/jobs/{done_id}/findings")
            assert orjson.loads(r.text.splitlines()[-1])["type"] == "summary"

            running = (await client.get(f"/v1/jobs/{running_id}")).json()
            assert running["status"] == "failed"
            assert running["error"]["code"] == "interrupted"
            events = await read_events(client, running_id)
            assert events[-1][1] == "error" and events[-1][2]["code"] == "interrupted"

            r = await client.post(
                "/v1/scan",
                content=small_pdf,
                headers=PDF,
                params={"entities": "EMAIL_ADDRESS"},
            )
            assert orjson.loads(r.text.splitlines()[-1])["type"] == "summary"
        assert second.metric("presidio_pdf_cache_hits_total") == 1
        assert second.metric("presidio_pdf_pages_processed_total") == 0
