"""wrk (C, epoll) for the 1,000 req/s scenario: a Python generator would need a core for itself.

wrk is closed-loop (each connection waits for its response), so the rate is set with its Lua
`delay()` hook: every connection sleeps a random 0..2d ms before each request. The jitter keeps
the connections from phase-locking into bursts; d is calibrated by a short first run so that
connections x 1000 / (d + latency) lands on the target rate. Latency is measured from the send,
so a stall that holds back requests (coordinated omission) is under-reported, not hidden: the
achieved rate is reported beside the percentiles.

`ensure_wrk` installs the Debian package when wrk is missing (root only); callers fall back to
locust when it cannot.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

# Counts statuses per thread and prints one JSON line from `done` (thread tables are copied
# into the main Lua state by `thread:get`).
LUA = r"""
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  path = args[1]
  delay_ms = tonumber(args[2])
  statuses = {}
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end
function request()
  return wrk.format("GET", path)
end
function delay()
  return math.floor(math.random() * 2 * delay_ms)
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local agg = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do
      agg[tostring(code)] = (agg[tostring(code)] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(agg) do
    table.insert(parts, string.format('"%s":%d', code, n))
  end
  local e = summary.errors
  io.write(string.format(
    'LOADTEST_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"mean_us":%.1f,"statuses":{%s},"socket_errors":{"connect":%d,"read":%d,' ..
    '"write":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, table.concat(parts, ","),
    e.connect, e.read, e.write, e.timeout))
end
"""


def ensure_wrk() -> str | None:
    """Path of wrk, installing it with apt-get when missing and possible; None otherwise."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        if subprocess.run(cmd, env=env, capture_output=True, timeout=300).returncode != 0:
            return None
    return shutil.which("wrk")


def _script() -> Path:
    """The Lua file, written once under a name that depends on its content. Rewriting one fixed
    path for each wrk raced with the wrk already reading it: it saw an empty script, ran
    without `done` and printed no result."""
    digest = hashlib.sha256(LUA.encode()).hexdigest()[:12]
    script = Path(tempfile.gettempdir()) / f"presidio-pdf-loadtest-{digest}.lua"
    if not script.exists():
        tmp = script.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(LUA)
        os.replace(tmp, script)  # atomic: a reader sees the whole file or none
    return script


def start(
    wrk: str, url: str, path: str, *, connections: int, seconds: float, delay_ms: float
) -> subprocess.Popen[str]:
    """One wrk process (1 thread) on `url + path`; read its result with `finish`."""
    script = _script()
    cmd = [
        wrk,
        "-t1",
        f"-c{connections}",
        f"-d{max(int(seconds), 1)}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
        url,
        "--",
        path,
        f"{delay_ms:.3f}",
    ]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
    out, err = proc.communicate(timeout=timeout)
    for line in out.splitlines():
        if line.startswith("LOADTEST_JSON "):
            result: dict[str, Any] = json.loads(line.removeprefix("LOADTEST_JSON "))
            seconds = result["duration_us"] / 1e6
            result["rps"] = result["requests"] / seconds if seconds else 0.0
            return result
    raise RuntimeError(f"wrk gave no result (exit {proc.returncode}): {err.strip()[-500:]}")


def next_delay(delay_ms: float, connections: int, target_rps: float, achieved: float) -> float:
    """The delay that turns the measured cycle (delay + latency + overhead) into the target's."""
    cycle_target = connections * 1000.0 / target_rps
    cycle_now = connections * 1000.0 / max(achieved, 1e-6)
    return max(delay_ms + cycle_target - cycle_now, 0.0)
