"""Jobs against a real uvicorn: 202, SSE progress and resume, findings NDJSON, PDF, delete."""

from __future__ import annotations

import httpx
import orjson
import pymupdf
from httpx_sse import aconnect_sse

from tests.live.conftest import Server, build_pdf

PDF = {"content-type": "application/pdf"}


async def create_job(client: httpx.AsyncClient, body: bytes, **params: str) -> str:
    r = await client.post("/v1/jobs", content=body, headers=PDF, params=params)
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["status"] == "queued"
    assert job["links"]["events"] == f"/v1/jobs/{job['id']}/events"
    assert r.headers["location"] == f"/v1/jobs/{job['id']}"
    return str(job["id"])


async def read_events(
    client: httpx.AsyncClient, job_id: str, last_id: str | None = None, stop_after: int = 0
) -> list[tuple[str, str, dict]]:
    """(id, event, data) until the terminal event, or after `stop_after` events."""
    headers = {"Last-Event-ID": last_id} if last_id else {}
    out = []
    async with aconnect_sse(client, "GET", f"/v1/jobs/{job_id}/events", headers=headers) as es:
        assert es.response.headers["content-type"].startswith("text/event-stream")
        async for sse in es.aiter_sse():
            if not sse.data:
                continue  # a ping (comment line); httpx-sse surfaces it as an empty event
            out.append((sse.id, sse.event, orjson.loads(sse.data)))
            if sse.event in ("done", "error") or len(out) == stop_after:
                break
    return out


async def test_job_reports_progress_then_done_and_resumes_from_last_event_id(
    live_server: Server,
) -> None:
    body = build_pdf(40, salt="job")
    async with httpx.AsyncClient(base_url=live_server.url, timeout=120) as client:
        job_id = await create_job(client, body)
        head = await read_events(client, job_id, stop_after=3)
        rest = await read_events(client, job_id, last_id=head[-1][0])
        events = head + rest
        ids = [int(i) for i, _, _ in events]
        assert ids == list(range(1, len(ids) + 1))  # resumed without loss or repeats
        names = [name for _, name, _ in events]
        assert names[-1] == "done" and names.count("done") == 1
        progress = [data for _, name, data in events if name == "progress"]
        assert progress[0]["pages_done"] == 0 and progress[-1]["pages_done"] == 40
        assert progress[-1]["percent"] == 100.0
        assert [d["page"] for _, n, d in events if n == "page"] == list(range(1, 41))

        # A late subscriber replays everything and ends at `done`.
        replay = await read_events(client, job_id)
        assert replay == events

        status = (await client.get(f"/v1/jobs/{job_id}")).json()
        assert status["status"] == "done" and status["pages_done"] == 40
        assert status["counts"]["PHONE_NUMBER"] >= 40 and status["error"] is None

        r = await client.get(f"/v1/jobs/{job_id}/findings")
        records = [orjson.loads(line) for line in r.text.splitlines()]
        assert r.headers["content-type"] == "application/x-ndjson"
        assert records[0]["type"] == "document" and records[-1]["type"] == "summary"
        assert sum(1 for x in records if x["type"] == "finding") == sum(status["counts"].values())

        r = await client.get(f"/v1/jobs/{job_id}/pdf", params={"mode": "redact"})
        assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
        with pymupdf.open(stream=r.content, filetype="pdf") as doc:
            assert "03-1234-5678" not in doc[0].get_text()

        assert (await client.delete(f"/v1/jobs/{job_id}")).status_code == 204
        assert (await client.get(f"/v1/jobs/{job_id}")).status_code == 404


async def test_findings_stream_while_the_job_runs(live_server: Server) -> None:
    body = build_pdf(20, salt="tail")
    async with httpx.AsyncClient(base_url=live_server.url, timeout=120) as client:
        job_id = await create_job(client, body)
        types = []
        async with client.stream("GET", f"/v1/jobs/{job_id}/findings") as r:
            async for line in r.aiter_lines():
                types.append(orjson.loads(line)["type"])
        assert types[0] == "document" and types[-1] == "summary"
        assert types.count("page") == 20


async def test_cancel_a_running_job(live_server: Server) -> None:
    body = build_pdf(200, salt="cancel")
    async with httpx.AsyncClient(base_url=live_server.url, timeout=120) as client:
        job_id = await create_job(client, body)
        await read_events(client, job_id, stop_after=3)  # status, status: running, progress
        assert (await client.delete(f"/v1/jobs/{job_id}")).status_code == 204
        status = (await client.get(f"/v1/jobs/{job_id}")).json()
        assert status["status"] == "cancelled"
        assert status["error"]["code"] == "cancelled"
        events = await read_events(client, job_id)
        assert events[-1][1] == "error" and events[-1][2]["code"] == "cancelled"
        assert not (live_server.data_dir / "jobs" / job_id).exists()
        r = await client.get(f"/v1/jobs/{job_id}/pdf")
        assert r.status_code == 409 and r.json()["error"]["code"] == "not_ready"


async def test_unknown_job_is_404_everywhere(live_server: Server) -> None:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=30) as client:
        for path in ("", "/events", "/findings", "/pdf"):
            r = await client.get(f"/v1/jobs/nope{path}")
            assert r.status_code == 404, path
            assert r.json() == {"error": {"code": "not_found", "message": "no job nope"}}
        assert (await client.delete("/v1/jobs/nope")).status_code == 404
