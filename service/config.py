"""The service's one settings object: read from the environment once, validated before serving.

Every field can be set as `PRESIDIO_PDF_<NAME>` (e.g. `PRESIDIO_PDF_MAX_CONCURRENT_DOCUMENTS=8`);
the README has the table. `load_settings()` is the only place that reads the environment:
modules receive a `Settings` instance, so tests build one directly with overrides.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MB = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PRESIDIO_PDF_", frozen=True, extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    # Jobs database, job files, upload temp files and the result cache live here.
    data_dir: Path = Path("data")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    # Upload limits.
    max_upload_bytes: int = Field(50 * MB, ge=1024)
    max_pages: int = Field(2000, ge=1)

    # gunicorn web processes (gunicorn.conf.py); each has its own worker pool and admission.
    web_workers: int = Field(2, ge=1, le=64)
    # Worker processes (each holds its own copy of the model, ~420 MB with GiNZA).
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, le=64)
    # Models loaded in each worker before /readyz turns ready ("accurate" = GiNZA).
    warm_profiles: Annotated[tuple[Literal["accurate", "fast"], ...], NoDecode] = ("accurate",)
    # Recycle a worker after this many chunks (bounds slow leaks; each restart reloads the model).
    worker_max_tasks: int | None = Field(None, ge=1)
    # Scheduling priority added to worker processes (`nice`). NER saturates every core; at a
    # lower priority the workers yield the CPU to the web process the moment a request arrives,
    # so status, health and cached answers stay fast while documents are scanned. With idle
    # cores it changes nothing; 0 turns it off.
    worker_nice: int = Field(10, ge=0, le=19)

    # Admission: documents processed at once, and how many more may wait before 503. The
    # default queue holds 50 simultaneous uploads (the design's 50 users) beside the 5 running;
    # a waiting upload costs only its temp file.
    max_concurrent_documents: int = Field(5, ge=1)
    queue_size: int = Field(64, ge=0)
    retry_after_seconds: int = Field(5, ge=1)
    # HTTP keep-alive for idle connections. Longer than Retry-After on purpose: a client that
    # waits Retry-After and reuses its connection must not race the server closing it (with
    # equal values the retry meets a reset about as often as not).
    keep_alive_seconds: int = Field(30, ge=1)

    # Time limits (seconds). The document deadline starts once the document holds a slot.
    document_deadline: float = Field(600.0, gt=0)
    page_timeout: float = Field(30.0, gt=0)

    # Chunking: pages are grouped until their text reaches this many characters (or
    # `chunk_max_pages`); the first chunk is a quarter of that so the first findings come early.
    chunk_target_chars: int = Field(20_000, ge=100)
    chunk_max_pages: int = Field(16, ge=1)

    # Jobs: finished jobs (and their files) are deleted after `job_ttl`; a running job whose
    # owner stopped heartbeating for `job_stale_after` is marked failed (`interrupted`).
    job_ttl: float = Field(24 * 3600.0, gt=0)
    cache_ttl: float = Field(7 * 24 * 3600.0, gt=0)
    cache_enabled: bool = True
    housekeeping_interval: float = Field(30.0, gt=0)
    heartbeat_interval: float = Field(5.0, gt=0)
    job_stale_after: float = Field(60.0, gt=0)

    # Server-sent events.
    sse_ping_interval: float = Field(15.0, gt=0)
    sse_poll_interval: float = Field(0.25, gt=0)
    sse_retry_ms: int = Field(2000, ge=0)
    # Streams end after this long; clients reconnect with Last-Event-ID (keeps shutdowns quick).
    sse_max_stream_seconds: float = Field(300.0, gt=0)
    # uvicorn's --timeout-graceful-shutdown; open streams are cancelled after it.
    graceful_timeout: float = Field(10.0, gt=0)

    # Prometheus multiprocess directory (gunicorn); unset = single-process registry.
    metrics_dir: Path | None = None
    # Adds `X-Served-By: host:pid` to responses (useful behind a balancer; tests use it).
    served_by_header: bool = False

    @field_validator("warm_profiles", mode="before")
    @classmethod
    def _split_profiles(cls, value: object) -> object:
        if isinstance(value, str):  # PRESIDIO_PDF_WARM_PROFILES=accurate,fast
            return tuple(p.strip() for p in value.split(",") if p.strip())
        return value

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.sse_ping_interval >= self.sse_max_stream_seconds:
            raise ValueError("sse_ping_interval must be shorter than sse_max_stream_seconds")
        if self.keep_alive_seconds <= self.retry_after_seconds:
            raise ValueError("keep_alive_seconds must exceed retry_after_seconds")
        if self.job_stale_after <= 2 * self.heartbeat_interval:
            raise ValueError("job_stale_after must exceed twice heartbeat_interval")
        return self

    @property
    def db_path(self) -> Path:
        return self.data_dir / "presidio-pdf.sqlite3"

    @property
    def jobs_dir(self) -> Path:
        return self.data_dir / "jobs"

    @property
    def tmp_dir(self) -> Path:
        return self.data_dir / "tmp"

    @property
    def run_dir(self) -> Path:
        """Worker task markers (which chunk each worker pid is running)."""
        return self.data_dir / "run" / str(os.getpid())


def load_settings(**overrides: object) -> Settings:
    """The only reader of the environment; raises pydantic.ValidationError on bad values."""
    return Settings(**overrides)  # type: ignore[arg-type]
