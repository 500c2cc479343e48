"""In-process app for non-streaming endpoints: httpx.ASGITransport buffers whole bodies, so
streams are tested against uvicorn in tests/live instead.

ASGITransport sends no lifespan events; `LifespanApp` runs the lifespan protocol itself and
copies its state into each request scope, as uvicorn does. The executor is real (one worker
process, no model warm-up: these endpoints never reach NER).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from fastapi import FastAPI

from service.app import create_app
from service.config import Settings, load_settings


class LifespanApp:
    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.state: dict[str, Any] = {}
        self._to_app = anyio.create_memory_object_stream[dict[str, Any]](4)
        self._from_app = anyio.create_memory_object_stream[dict[str, Any]](4)

    async def run(self) -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": self.state}
        await self.app(scope, self._to_app[1].receive, self._from_app[0].send)

    async def startup(self) -> None:
        await self._to_app[0].send({"type": "lifespan.startup"})
        message = await self._from_app[1].receive()
        assert message["type"] == "lifespan.startup.complete", message

    async def shutdown(self) -> None:
        await self._to_app[0].send({"type": "lifespan.shutdown"})
        message = await self._from_app[1].receive()
        assert message["type"] == "lifespan.shutdown.complete", message
        for stream in (*self._to_app, *self._from_app):
            stream.close()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await self.app({**scope, "state": dict(self.state)}, receive, send)


@pytest.fixture(scope="session")
def api_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = tmp_path_factory.mktemp("api") / "data"
    return load_settings(
        data_dir=Path(data), workers=1, warm_profiles=(), max_upload_bytes=4096, max_pages=5
    )


@pytest.fixture(scope="session")
async def client(api_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = LifespanApp(create_app(api_settings))
    # A plain task, not a task group: pytest-asyncio finalises the fixture in another task,
    # and a task group's cancel scope must be exited by the task that entered it.
    task = asyncio.ensure_future(app.run())
    await app.startup()
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as c:
        yield c
    await app.shutdown()
    await task
