"""The server under test: `python -m service serve` on a free 127.0.0.1 port, own data dir.

Processes are told apart through psutil from the server's pid: the server itself is the web
process; the multiprocessing forkserver and resource tracker are its children; pool workers are
the forkserver's children (forked, so they share its command line and are told apart by parent).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]
    data_dir: Path
    log: Path
    workers: int

    def processes(self) -> dict[str, list[psutil.Process]]:
        """The server's processes by kind: web, worker, other (forkserver, resource tracker)."""
        kinds: dict[str, list[psutil.Process]] = {"web": [], "worker": [], "other": []}
        try:
            web = psutil.Process(self.proc.pid)
            children = web.children()
        except psutil.Error:
            return kinds
        kinds["web"].append(web)
        for child in children:
            with contextlib.suppress(psutil.Error):
                cmd = " ".join(child.cmdline())
                if "forkserver" in cmd:
                    kinds["other"].append(child)
                    kinds["worker"].extend(child.children())
                elif "resource_tracker" in cmd:
                    kinds["other"].append(child)
                else:  # a pool started with "spawn" would put its workers here
                    kinds["worker"].append(child)
        return kinds

    def rss(self) -> dict[str, Any]:
        """RSS in MB of the web process and of each worker (by pid), at this instant."""
        out: dict[str, Any] = {"web_mb": None, "workers_mb": {}}
        for kind, procs in self.processes().items():
            for p in procs:
                try:
                    mb = round(p.memory_info().rss / MB, 1)
                except psutil.Error:
                    continue
                if kind == "web":
                    out["web_mb"] = mb
                elif kind == "worker":
                    out["workers_mb"][str(p.pid)] = mb
        return out

    def metric(self, name: str) -> float:
        """Sum of one Prometheus metric's samples (all label sets)."""
        total = 0.0
        for line in httpx.get(f"{self.url}/metrics", timeout=10).text.splitlines():
            head, _, value = line.rpartition(" ")
            if head == name or head.startswith(name + "{"):
                total += float(value)
        return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(data_dir: Path, settings: dict[str, object]) -> dict[str, str]:
    # The caller's PRESIDIO_PDF_* settings must not leak into a measured run.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESIDIO_PDF_")}
    env["PRESIDIO_PDF_DATA_DIR"] = str(data_dir)
    env.update({f"PRESIDIO_PDF_{k.upper()}": str(v) for k, v in settings.items()})
    return env


def wait_ready(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            tail = server.log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"server exited with {server.proc.returncode}:\n{tail}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{server.url}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.25)
    raise RuntimeError(f"server not ready after {timeout:g} s (log: {server.log})")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@contextlib.contextmanager
def start_server(
    data_dir: Path, log: Path, workers: int, settings: dict[str, object], ready_timeout: float
) -> Iterator[Server]:
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers)]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=server_env(data_dir, settings),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # our Ctrl-C is handled here; the server gets SIGTERM
        )
    server = Server(f"http://127.0.0.1:{port}", proc, data_dir, log, workers)
    try:
        wait_ready(server, ready_timeout)
        yield server
    finally:
        stop(proc)
