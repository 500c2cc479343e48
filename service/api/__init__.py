"""HTTP routers, and the one translation of errors into `{"error": {"code", "message"}}`."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from service.api import jobs, ops, scan
from service.errors import Overloaded, PresidioPdfError

log = logging.getLogger("presidio_pdf.api")
ROUTERS = (scan.router, jobs.router, ops.router)


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def install_error_handlers(app: FastAPI, retry_after: int) -> None:
    async def domain(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, PresidioPdfError)
        headers = {"Retry-After": str(retry_after)} if isinstance(exc, Overloaded) else None
        if exc.status >= 500 and not isinstance(exc, Overloaded):
            log.error("%s %s -> %s", request.method, _route(request), exc.code)
        return error_response(exc.status, exc.code, exc.message, headers)

    async def validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        # Messages only, never the rejected values (a password or PII could be among them).
        parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return error_response(422, "invalid_options", "; ".join(parts))

    async def http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), exc.headers)

    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error(
            "%s %s failed: %s", request.method, _route(request), type(exc).__name__, exc_info=exc
        )
        return error_response(500, "internal", "internal error")

    app.add_exception_handler(PresidioPdfError, domain)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(HTTPException, http)
    app.add_exception_handler(Exception, unexpected)


def _route(request: Request) -> str:
    route = request.scope.get("route")
    return getattr(route, "path", "unmatched")


__all__ = ["ROUTERS", "error_response", "install_error_handlers"]
