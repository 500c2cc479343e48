"""Liveness, readiness, metrics, and the catalogue of entity types and recognizers."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from service import metrics
from service.api.deps import ServicesDep
from service.models import EntitiesBody
from service.options import ENTITY_TYPES

router = APIRouter(tags=["ops"])


@router.get("/healthz", summary="Liveness: the web process answers")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: every worker process has loaded the model",
    responses={503: {"description": "Workers are still loading (or being replaced)"}},
)
async def readyz(services: ServicesDep) -> JSONResponse:
    ready = services.executor.ready
    return JSONResponse(
        {"status": "ready" if ready else "starting", "workers": services.settings.workers},
        status_code=200 if ready else 503,
    )


@router.get(
    "/metrics",
    summary="Prometheus metrics (all web processes under gunicorn)",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
async def prometheus(services: ServicesDep) -> Response:
    metrics.record_rss(services.executor.worker_rss())
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)


@router.get("/v1/entities", response_model=EntitiesBody, tags=["scan"])
async def entities() -> EntitiesBody:
    """Entity types the engine reports, and each recognizer with its types and languages."""
    from service.recognizers import recognizer_catalog

    return EntitiesBody(entity_types=list(ENTITY_TYPES), recognizers=recognizer_catalog())
