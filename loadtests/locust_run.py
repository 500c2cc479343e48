"""Headless locust in a subprocess (gevent monkey-patches whatever imports it).

The figures come from a JSON file the locustfile writes when locust quits (exact totals); the
CSVs are kept beside the report for their full percentile rows.

Locust's percentiles are bucketed (exact below 100 ms, 10 ms steps to 1 s, 100 ms steps
above), which is finer than every target here. Its "Requests/s" counts from the first spawned
user, so it includes the ramp-up; ramp-up here is one second or less.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def run(
    user_class: str,
    host: str,
    *,
    users: int,
    spawn_rate: float,
    seconds: float,
    csv_prefix: Path,
    env: dict[str, str],
) -> dict[str, Any]:
    """Run one user class; returns per-request-name and aggregated stats plus failures."""
    csv_prefix.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--only-summary",
        "-u",
        str(users),
        "-r",
        str(spawn_rate),
        "-t",
        f"{max(int(seconds), 1)}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(csv_prefix),
        "--host",
        host,
        "--loglevel",
        "WARNING",
        user_class,
    ]
    stats_json = Path(f"{csv_prefix}_final.json")
    proc = subprocess.run(
        cmd,
        env={**os.environ, **env, "LOADTEST_STATS_JSON": str(stats_json)},
        capture_output=True,
        text=True,
        timeout=seconds + 120,  # locust's own -t bounds it; this is the backstop
    )
    if not stats_json.exists():
        raise RuntimeError(f"locust wrote no stats (exit {proc.returncode}): {proc.stderr[-800:]}")
    data = json.loads(stats_json.read_text())
    return {"endpoints": data["endpoints"], **classify(data["failures"])}


def classify(failures: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Failures split into real errors (by status, socket error or in-band code) and the
    queue-full 503s that were retried or shed, which a well-behaved client expects."""
    errors: dict[str, int] = {}
    shed: dict[str, int] = {}
    for f in failures:
        # locust wraps messages, e.g. CatchResponseError('HTTP 503 (retried)')
        m = re.search(
            r"HTTP none: .{0,160}|HTTP \d+(?: \((?:retried|shed)\))?|in-band error: \w+", f["error"]
        )
        key = m.group(0) if m else f["error"][:120]
        bucket = shed if key.endswith(("(retried)", "(shed)")) else errors
        bucket[key] = bucket.get(key, 0) + int(f["occurrences"])
    return {"errors": errors, "shed_503": shed}
