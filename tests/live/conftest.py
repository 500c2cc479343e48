"""Real servers for streaming tests: uvicorn (through `service.server.run`) in a subprocess on a
free port with its own data directory, ready once `/readyz` says the workers loaded the model.

One server per session serves most tests; tests that need other settings (tight limits, a crash,
a restart, gunicorn) start their own with `start_server`. PDFs are built here with PyMuPDF so
the PII in them is visible in the test source.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pymupdf
import pytest

ROOT = Path(__file__).resolve().parents[2]
PII_LINES = (
    "氏名 山田太郎 電話 03-1234-5678 メール taro@example.jp",
    "住所 東京都新宿区西新宿2-8-1 携帯 090-1234-5678",
    "担当 佐藤花子 連絡先 hanako.sato@example.co.jp",
)
FILLER = "本日の会議では来期の予算計画について議論しました。" * 3


def build_pdf(pages: int, *, lines: int = 4, salt: str = "") -> bytes:
    """`pages` pages of Japanese text with PII on every page (`salt` changes the bytes)."""
    doc = pymupdf.open()
    for n in range(1, pages + 1):
        page = doc.new_page()
        y = 72.0
        page.insert_text((72, y), f"ページ {n} {salt}", fontname="japan", fontsize=10)
        for i in range(lines):
            y += 18
            text = PII_LINES[i % len(PII_LINES)] if i % 2 == 0 else FILLER
            page.insert_text((72, y), text, fontname="japan", fontsize=9)
    data = doc.tobytes()
    doc.close()
    return data


def build_blank_pdf(pages: int) -> bytes:
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page()
    data = doc.tobytes()
    doc.close()
    return data


@pytest.fixture(scope="session")
def small_pdf() -> bytes:
    return build_pdf(2)


@pytest.fixture(scope="session")
def big_pdf() -> bytes:
    return build_pdf(200)


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]
    data_dir: Path
    log: Path

    def metric(self, name: str, labels: str = "") -> float:
        """Sum of one metric's samples (optionally only those whose labels contain `labels`)."""
        text = httpx.get(f"{self.url}/metrics", timeout=10).text
        total = 0.0
        for line in text.splitlines():
            m = re.match(rf"^{re.escape(name)}(\{{[^}}]*\}})? (\S+)$", line)
            if m and labels in (m.group(1) or ""):
                total += float(m.group(2))
        return total

    def worker_pids_running_tasks(self) -> list[int]:
        """Pool workers currently running a chunk (their task markers, see service/worker.py)."""
        run = self.data_dir / "run"
        return [int(p.name) for p in run.glob("*/*") if p.name.isdigit()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not ready after {timeout} s:\n{log.read_text()[-4000:]}")


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def server_env(data_dir: Path, **settings: object) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESIDIO_PDF_")}
    env.update({"PRESIDIO_PDF_DATA_DIR": str(data_dir), "PRESIDIO_PDF_WORKERS": "1"})
    env.update({f"PRESIDIO_PDF_{k.upper()}": str(v) for k, v in settings.items()})
    return env


@contextmanager
def start_server(data_dir: Path, **settings: object) -> Iterator[Server]:
    """`presidio-pdf serve` equivalent: `service.server.run` with PRESIDIO_PDF_* settings."""
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir.parent / f"server-{port}.log"
    code = f"from service.server import run; run(host='127.0.0.1', port={port})"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=server_env(data_dir, **settings),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # our Ctrl-C must not reach it; we stop it ourselves
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, proc, log)
        yield Server(url, proc, data_dir, log)
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The shared server: 2 workers, a page cap low enough to test cheaply."""
    base = tmp_path_factory.mktemp("live")
    with start_server(base / "data", workers=2, max_pages=300, sse_ping_interval=1) as server:
        yield server
