"""Locust users for the load scenarios; `loadtests/run.py` runs them headless, one class a run.

    locust -f loadtests/locustfile.py --headless -u 100 -r 100 -t 20s --csv out/x \
        --host http://127.0.0.1:8000 CachedRescanUser

Inputs come from the environment (run.py sets them):
  LOADTEST_FILES       directory holding the PDFs run.py generated (see loadtests/pdfgen.py)
  LOADTEST_JOB_ID      an existing job id for `GET /v1/jobs/{id}`
  LOADTEST_RATE        requests per second per user (Poisson arrivals, see poisson_paced)
  LOADTEST_MAX_REQUESTS  stop the whole run after this many requests (soak)
  LOADTEST_USERS       how many one-shot users must finish before the run stops (users50)

Failures are named "HTTP <status>" (or "in-band error: <code>" for an NDJSON stream that ended
with an `error` record), so the report can count errors by status. A queue-full 503 is retried
after its Retry-After like a well-behaved client, and recorded as "HTTP 503 (retried)" so it is
counted apart from real errors; the soak does not retry them and records "HTTP 503 (shed)".
"""

from __future__ import annotations

import itertools
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gevent
import orjson
from locust import FastHttpUser, HttpUser, between, events, task
from locust.exception import StopUser

FILES = Path(os.environ.get("LOADTEST_FILES", "."))
JOB_ID = os.environ.get("LOADTEST_JOB_ID", "missing")
RATE = float(os.environ.get("LOADTEST_RATE", "1"))
MAX_REQUESTS = int(os.environ.get("LOADTEST_MAX_REQUESTS", "0"))
ONE_SHOT_USERS = int(os.environ.get("LOADTEST_USERS", "0"))
RETRY_503_FOR = 300.0  # seconds a one-shot user keeps retrying a full queue before giving up
PDF_HEADERS = {"Content-Type": "application/pdf"}

_nonces = itertools.count()


def _read(name: str) -> bytes:
    path = FILES / name
    return path.read_bytes() if path.exists() else b""


def _nonced(data: bytes) -> bytes:
    # Same as pdfgen.with_nonce; not imported so this file runs under locust without the package.
    return data + f"\n%load-nonce {os.getpid()}-{next(_nonces)}\n".encode()


def check_status(resp: Any, note: str = "") -> bool:
    """Mark a non-2xx response failed as `HTTP <status>[ (note)]`; True if it was 2xx."""
    if 200 <= resp.status_code < 300:
        return True
    suffix = f" ({note})" if note else ""
    if not resp.status_code:  # no response at all: name the socket error
        error = getattr(resp, "error", None)
        resp.failure(f"HTTP none: {type(error).__name__}: {error}")
    else:
        resp.failure(f"HTTP {resp.status_code}{suffix}")
    return False


def check_stream(resp: Any) -> None:
    """A 200 NDJSON scan is good only if its last record is the `summary`."""
    lines = [line for line in (resp.content or b"").splitlines() if line.strip()]
    last = orjson.loads(lines[-1]) if lines else {"type": "error", "code": "empty"}
    if last.get("type") != "summary":
        resp.failure(f"in-band error: {last.get('code', last.get('type'))}")
    else:
        resp.success()


def retry_after(resp: Any) -> float:
    try:
        return max(float(resp.headers.get("Retry-After", "1")), 0.1)
    except ValueError:
        return 1.0


def poisson_paced(rate: float) -> Callable[[Any], float]:
    """Open-loop arrivals: each user starts requests on its own Poisson schedule of `rate`/s,
    so users x rate is a Poisson stream at the server. constant_throughput would phase-lock the
    users after any stall (late users fire together), turning the rate into bursts of every
    user at once, which the admission queue then answers with 503s. A user whose response
    came back after its next start sends at once, catching up at most 1 s of missed starts: an
    overloaded server shows as achieved RPS below the target rather than as a request storm."""

    def wait(user: Any) -> float:
        now = time.monotonic()
        user.next_start = max(getattr(user, "next_start", now), now - 1.0) + random.expovariate(
            rate
        )
        return max(user.next_start - now, 0.0)

    return wait


class _Paced(FastHttpUser):
    abstract = True
    wait_time = poisson_paced(RATE)

    def on_start(self) -> None:
        # locust runs a task as soon as a user is spawned: without this, the spawn itself is a
        # burst (every user's first request within the spawn second, on top of the rate).
        time.sleep(random.uniform(0, 1 / RATE))  # gevent-patched: only this user waits

    network_timeout = 120.0
    connection_timeout = 10.0


class HealthzUser(_Paced):
    """`/healthz` only (the smoke scenario)."""

    @task
    def healthz(self) -> None:
        with self.client.get("/healthz", name="/healthz", catch_response=True) as resp:
            check_status(resp)


class HealthAndStatusUser(_Paced):
    """`/healthz` and `GET /v1/jobs/{id}` (light_api without wrk)."""

    @task
    def healthz(self) -> None:
        with self.client.get("/healthz", name="/healthz", catch_response=True) as resp:
            check_status(resp)

    @task
    def job_status(self) -> None:
        with self.client.get(
            f"/v1/jobs/{JOB_ID}", name="/v1/jobs/{id}", catch_response=True
        ) as resp:
            check_status(resp)


class _Scanner(_Paced):
    abstract = True

    def post_scan(self, path: str, body: bytes, name: str) -> None:
        with self.client.post(
            path, data=body, headers=PDF_HEADERS, name=name, catch_response=True
        ) as resp:
            if check_status(resp):
                check_stream(resp)


class CachedRescanUser(_Scanner):
    """Re-POST the same 10-page bytes with the same options: the result cache answers."""

    def on_start(self) -> None:
        self.body = _read("cached-10p.pdf")
        super().on_start()

    @task
    def rescan(self) -> None:
        self.post_scan("/v1/scan", self.body, "/v1/scan (cached)")


class FastScanUser(_Scanner):
    """1-page scans in the fast tier, each upload distinct so the cache never answers."""

    def on_start(self) -> None:
        self.body = _read("fast-1p.pdf")
        super().on_start()

    @task
    def fast_scan(self) -> None:
        self.post_scan("/v1/scan?profile=fast", _nonced(self.body), "/v1/scan?profile=fast")


_user_ids = itertools.count()
_finished = 0


class DistinctUploadUser(HttpUser):
    """users50: each user uploads its own 10-page PDF once (accurate tier) and stops.

    A 503 is retried after its Retry-After. A connection dropped without a response is an
    error (counted as such) and is retried too, so every user's outcome is known at the end.
    requests (urllib3), not geventhttpclient: urllib3 checks that a pooled connection is still
    open before reusing it, as a well-behaved client does. (The server's keep-alive, 30 s, now
    outlasts Retry-After, 5 s; with both at 5 s a retry raced the server closing the idle
    connection and geventhttpclient sent into the closed socket.)
    """

    wait_time = between(0, 0)

    def on_start(self) -> None:
        self.index = next(_user_ids)
        self.body = _read(f"user-{self.index:03d}.pdf")

    @task
    def upload_once(self) -> None:
        global _finished
        give_up = time.monotonic() + RETRY_503_FOR
        while True:
            with self.client.post(
                "/v1/scan",
                data=self.body,
                headers=PDF_HEADERS,
                name="/v1/scan (distinct 10p)",
                catch_response=True,
                timeout=600,
            ) as resp:
                if resp.status_code == 503 and time.monotonic() < give_up:
                    check_status(resp, "retried")
                    wait = retry_after(resp)
                elif not resp.status_code and time.monotonic() < give_up:
                    check_status(resp)  # recorded as an error, then tried again
                    wait = 1.0
                else:
                    if check_status(resp):
                        check_stream(resp)
                    break
            time.sleep(wait)  # gevent-patched: only this user waits
        _finished += 1
        if ONE_SHOT_USERS and _finished >= ONE_SHOT_USERS:
            # Quit from another greenlet: quitting here would kill this one mid-handler.
            gevent.spawn_later(0.1, self.environment.runner.quit)
        raise StopUser()


class SoakUser(_Scanner):
    """Mixed traffic for the soak: mostly cheap requests, some cached and some real scans."""

    def on_start(self) -> None:
        self.cached = _read("cached-10p.pdf")
        self.fast = _read("fast-1p.pdf")
        super().on_start()

    @task(50)
    def healthz(self) -> None:
        with self.client.get("/healthz", name="/healthz", catch_response=True) as resp:
            check_status(resp)

    @task(30)
    def job_status(self) -> None:
        with self.client.get(
            f"/v1/jobs/{JOB_ID}", name="/v1/jobs/{id}", catch_response=True
        ) as resp:
            check_status(resp)

    @task(15)
    def cached_rescan(self) -> None:
        self.post_scan("/v1/scan", self.cached, "/v1/scan (cached)")

    @task(5)
    def fast_scan(self) -> None:
        with self.client.post(
            "/v1/scan?profile=fast",
            data=_nonced(self.fast),
            headers=PDF_HEADERS,
            name="/v1/scan?profile=fast",
            catch_response=True,
        ) as resp:
            if resp.status_code == 503:  # queue full: shed load, counted apart from errors
                check_status(resp, "shed")
            elif check_status(resp):
                check_stream(resp)


_sent = 0
STATS_JSON = os.environ.get("LOADTEST_STATS_JSON")


@events.request.add_listener
def _count_requests(**_: Any) -> None:
    """Stops the run after LOADTEST_MAX_REQUESTS requests (the soak is counted, not timed)."""
    global _sent
    _sent += 1
    if MAX_REQUESTS and _sent == MAX_REQUESTS:
        gevent.spawn_later(0, _quit)


_environment: Any = None


@events.init.add_listener
def _keep_environment(environment: Any, **_: Any) -> None:
    global _environment
    _environment = environment


def _quit() -> None:
    if _environment is not None and _environment.runner is not None:
        _environment.runner.quit()


@events.quitting.add_listener
def _write_stats(environment: Any, **_: Any) -> None:
    """Exact final figures for run.py (the CSV writer can miss the last second after a quit)."""
    if not STATS_JSON:
        return
    stats = environment.stats
    entries = {name: entry for (name, _method), entry in stats.entries.items()}
    entries["Aggregated"] = stats.total

    def summary(entry: Any) -> dict[str, Any]:
        n = entry.num_requests
        return {
            "requests": n,
            "failures": entry.num_failures,
            "rps": round(entry.total_rps, 2) if n else None,
            "p50_ms": entry.get_response_time_percentile(0.50) if n else None,
            "p95_ms": entry.get_response_time_percentile(0.95) if n else None,
            "p99_ms": entry.get_response_time_percentile(0.99) if n else None,
            "max_ms": round(entry.max_response_time, 1) if n else None,
            "mean_ms": round(entry.avg_response_time, 1) if n else None,
        }

    data = {
        "endpoints": {name: summary(e) for name, e in entries.items()},
        "failures": [
            {"name": e.name, "error": str(e.error), "occurrences": e.occurrences}
            for e in stats.errors.values()
        ],
    }
    Path(STATS_JSON).write_bytes(orjson.dumps(data))
