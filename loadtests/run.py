"""One command for the load tests: start a server, run the scenarios, stop it, write the report.

    .venv/bin/python -m loadtests.run                       # every scenario, ~6-10 minutes
    .venv/bin/python -m loadtests.run --scenario fast_scan --scenario soak --duration 10
    .venv/bin/python -m loadtests.run --scenario smoke --duration 2 --out /tmp/load

The server is `python -m service serve` on a free 127.0.0.1 port with a fresh temporary data
directory (removed afterwards) and PRESIDIO_PDF_WARM_PROFILES=accurate,fast, so both tiers are
warm before `/readyz`. Generated PDFs are cached under the temp dir across runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from loadtests import pdfgen, report, wrk
from loadtests.scenarios import DEFAULT_SCENARIOS, SCENARIOS, Context, prepare_files, run_scenario
from loadtests.server import ROOT, start_server


def log(message: str) -> None:
    print(f"[loadtests {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m loadtests.run", description=__doc__.split("\n")[0])
    p.add_argument(
        "--scenario",
        action="append",
        choices=sorted(SCENARIOS),
        help=f"run only these (repeatable; default: {', '.join(DEFAULT_SCENARIOS)})",
    )
    p.add_argument(
        "--duration", type=float, default=20.0, help="seconds of load per timed scenario"
    )
    p.add_argument("--out", type=Path, default=ROOT / "reports" / "load", help="report directory")
    p.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="server worker processes"
    )
    p.add_argument(
        "--warm-profiles", default="accurate,fast", help="PRESIDIO_PDF_WARM_PROFILES for the server"
    )
    p.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="another server setting, e.g. worker_nice=0 (repeatable; for ablations)",
    )
    p.add_argument(
        "--no-wrk", action="store_true", help="use locust for light_api even if wrk is available"
    )
    p.add_argument(
        "--files",
        type=Path,
        default=Path(tempfile.gettempdir()) / "presidio-pdf-loadtests",
        help="where generated PDFs are cached between runs",
    )
    p.add_argument("--ready-timeout", type=float, default=300.0, help="seconds to wait for /readyz")
    return p


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except OSError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    names = args.scenario or DEFAULT_SCENARIOS
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    started = time.monotonic()
    files = args.files / f"v{pdfgen.VERSION}"
    prepare_files(files, names, log)
    wrk_path = None
    if "light_api" in names and not args.no_wrk:
        wrk_path = wrk.ensure_wrk()
        log(f"wrk: {wrk_path or 'not available, locust will be used'}")
    tmp = Path(tempfile.mkdtemp(prefix="presidio-pdf-load-"))
    args.out.mkdir(parents=True, exist_ok=True)
    server_log = args.out / f"{stamp}-server.log"
    loadavg = [round(x, 2) for x in os.getloadavg()]
    results: list[dict[str, Any]] = []
    settings: dict[str, object] = {"warm_profiles": args.warm_profiles}
    for item in args.setting:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise SystemExit(f"--setting wants NAME=VALUE, not {item!r}")
        settings[name.strip().lower()] = value
    try:
        log(f"starting server ({args.workers} workers), log {server_log}")
        with start_server(
            tmp / "data", server_log, args.workers, settings, args.ready_timeout
        ) as server:
            log(f"ready at {server.url} after {time.monotonic() - started:.0f} s")
            ctx = Context(server, files, tmp / "raw", args.duration, wrk_path)
            samples = [server.rss()]
            for name in names:
                log(f"scenario {name} ...")
                result = run_scenario(ctx, name)
                samples.append(result["rss_after"])
                results.append(result)
                verdict = {True: "PASS", False: "FAIL", None: "done"}[result.get("passed")]
                log(f"scenario {name}: {verdict} in {result['seconds']} s")
        # Keep the locust CSVs next to the report: they hold the full percentile rows.
        if (tmp / "raw").exists():
            shutil.copytree(tmp / "raw", args.out / f"{stamp}-raw", dirs_exist_ok=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    worker_peaks = [mb for s in samples for mb in s["workers_mb"].values()]
    for r in results:
        for key in ("rss_soak_before", "rss_soak_after"):
            if key in r:
                worker_peaks += list(r[key]["workers_mb"].values())
    max_worker = max(worker_peaks, default=None)
    data = {
        "meta": {
            "timestamp": stamp,
            "commit": _commit(),
            "cpus": os.cpu_count(),
            "loadavg_start": loadavg,
            "workers": args.workers,
            "warm_profiles": args.warm_profiles,
            "settings": settings,
            "duration": args.duration,
            "total_seconds": round(time.monotonic() - started, 1),
            "server_log": str(server_log),
        },
        "memory": {
            "max_worker_mb": max_worker,
            "worker_within_700mb": None if max_worker is None else max_worker <= 700,
        },
        "scenarios": results,
    }
    json_path, md_path = report.write(data, args.out, stamp)
    log(f"report: {json_path} and {md_path}")
    print(md_path.read_text())
    return 0 if all(r.get("passed") is not False for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
