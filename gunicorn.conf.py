"""`gunicorn -c gunicorn.conf.py`: several web processes (UvicornWorker) over one data directory.

Sizing: `PRESIDIO_PDF_WEB_WORKERS` web processes (default 2), each with its own pool of
`PRESIDIO_PDF_WORKERS` model processes; unless set, the cores are split between the web
processes so the machine is not oversubscribed. Limits such as max_concurrent_documents apply
per web process. Jobs and their events live in the shared SQLite store, so any web process
serves status, SSE and findings for a job running in another.

Metrics: prometheus-client multiprocess mode. The directory is emptied when the master reads
this file, before any process imports prometheus_client; `child_exit` retires a dead worker's
live gauges.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from service.config import load_settings

_settings = load_settings()
_cores = os.cpu_count() or 1
if "PRESIDIO_PDF_WORKERS" not in os.environ:
    os.environ["PRESIDIO_PDF_WORKERS"] = str(max(1, _cores // _settings.web_workers))
_metrics_dir = Path(_settings.metrics_dir or _settings.data_dir / "metrics")
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(_metrics_dir)
# Emptied now, in the master, before any process can import prometheus_client.
shutil.rmtree(_metrics_dir, ignore_errors=True)
_metrics_dir.mkdir(parents=True, exist_ok=True)

wsgi_app = "service.server:gunicorn_app()"
worker_class = "service.server.Worker"
workers = _settings.web_workers
bind = [f"{_settings.host}:{_settings.port}"]
# Model warm-up happens in the pool after the worker boots; this only bounds a stuck event loop.
timeout = 60
graceful_timeout = int(_settings.graceful_timeout) + 5
keepalive = _settings.keep_alive_seconds  # UvicornWorker's timeout_keep_alive
accesslog = None  # query strings may hold passwords; the app logs route templates instead
errorlog = "-"
loglevel = _settings.log_level.lower()
preload_app = False  # each worker builds its own process pool after the fork


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
