"""Launchers: `presidio-pdf serve` (one uvicorn process on embedded defaults) and the pieces
`gunicorn -c gunicorn.conf.py` uses (the app factory and the worker class)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, ClassVar

import uvicorn
from uvicorn_worker import UvicornWorker

from service.config import Settings, load_settings

if TYPE_CHECKING:
    from fastapi import FastAPI


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s",
    )


def run(host: str | None = None, port: int | None = None, workers: int | None = None) -> None:
    """Serve until SIGINT/SIGTERM. Arguments override the PRESIDIO_PDF_* settings."""
    overrides = {
        k: v for k, v in {"host": host, "port": port, "workers": workers}.items() if v is not None
    }
    settings = load_settings(**overrides)
    configure_logging(settings)
    from service.app import create_app

    config = uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        # The access log would record query strings (passwords, deny patterns); the latency
        # metric and our own log lines carry the route template instead.
        access_log=False,
        log_config=None,
        timeout_graceful_shutdown=int(settings.graceful_timeout),
        timeout_keep_alive=settings.keep_alive_seconds,
        lifespan="on",
    )
    uvicorn.Server(config).run()


def gunicorn_app() -> FastAPI:
    """`wsgi_app = "service.server:gunicorn_app()"`: one app per gunicorn worker (no preload, so
    each web process builds its own pool and database connection after the fork)."""
    # The master imports this module for `Worker`; the app (and prometheus_client, which must
    # see PROMETHEUS_MULTIPROC_DIR first) is imported only inside each worker.
    from service.app import create_app

    settings = load_settings()
    configure_logging(settings)
    return create_app(settings)


class Worker(UvicornWorker):
    """UvicornWorker that cancels lingering streams (SSE) shortly before gunicorn's graceful
    timeout would SIGKILL the process, so the lifespan shutdown still runs."""

    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {
        "loop": "auto",
        "http": "auto",
        "lifespan": "on",
        "access_log": False,
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.config.timeout_graceful_shutdown = max(1, int(self.cfg.graceful_timeout) - 3)
