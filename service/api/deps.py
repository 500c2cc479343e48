"""Annotated dependencies that read the lifespan state (Starlette copies it into each request)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from service.config import Settings
from service.executor import Admission, Executor
from service.jobs import JobService
from service.jobstore import JobStore
from service.scanner import Scanner


@dataclass(frozen=True, slots=True)
class Services:
    """Everything `lifespan` builds; one object so handlers depend on one thing."""

    settings: Settings
    executor: Executor
    admission: Admission
    store: JobStore
    scanner: Scanner
    jobs: JobService


def _services(request: Request) -> Services:
    services: Services = request.state.services
    return services


def _password(
    x_pdf_password: Annotated[
        str | None,
        Header(description="User password of an encrypted PDF (kept out of URLs and logs)"),
    ] = None,
) -> str | None:
    return x_pdf_password


ServicesDep = Annotated[Services, Depends(_services)]
PasswordDep = Annotated[str | None, Depends(_password)]
