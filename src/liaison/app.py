"""The ASGI application: REST API under /api/v1, the web console at /, assets at /static."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from liaison import __version__
from liaison.accounts.api import router as accounts_router
from liaison.agencies.api import router as agencies_router
from liaison.agreements.api import router as agreements_router
from liaison.api import errors
from liaison.api.context import AppContext
from liaison.attack.api import router as attack_router
from liaison.audit.api import router as audit_router
from liaison.campaigns.api import router as campaigns_router
from liaison.config import get_settings
from liaison.correlation.api import router as correlation_router
from liaison.correlation.sightings_api import router as sightings_router
from liaison.db import make_engine, make_session_factory
from liaison.hits.api import router as hits_router
from liaison.intel.api import router as records_router
from liaison.lookup import service as lookup_service
from liaison.lookup.api import router as lookups_router
from liaison.misp.api import router as misp_router
from liaison.policy import maintenance
from liaison.stix.api import router as stix_router

MAX_BODY_BYTES = 4 * 1024 * 1024
access_log = logging.getLogger("liaison.access")
STATIC = Path(__file__).parent / "web" / "static"


class BodyLimit:
    """Refuse bodies over the limit before they are read (declared or streamed)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        response = JSONResponse(errors.error_body(
            "too_large", f"The request body exceeds {self.limit // (1024 * 1024)} MiB."), 413)
        await response({"type": "http"}, _empty_receive, send)


class RequestLog:
    """One structured line per request: method, path, status and duration, never the query
    string or body (they may hold observables or personal data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            access_log.info("request", extra={
                "method": scope["method"], "path": scope["path"], "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1)})


class _TooLarge(Exception):
    pass


async def _empty_receive() -> Message:
    return {"type": "http.disconnect"}


async def _every(seconds: float, job: Callable[[], object], what: str) -> None:
    """Run a housekeeping job while serving; a failure is logged and retried at the next
    turn (nothing depends on a job for being right, only for staying fast)."""
    while True:
        await asyncio.sleep(seconds)
        try:
            await run_in_threadpool(job)
        except Exception:
            logging.getLogger("liaison.jobs").exception(f"{what} failed")


def _lifespan(context: AppContext) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    settings, factory = context.settings, context.session_factory
    jobs = [
        # expired records out of the policy's counters (counts stay exact without it)
        (settings.counter_sweep_seconds, lambda: maintenance.sweep(factory, context.clock()),
         "policy counter sweep"),
        # private-lookup tokens for values bulk imports queued (else a token request does it)
        (settings.lookup_backlog_seconds, lambda: lookup_service.encode_backlog(factory),
         "private-lookup backlog encoding"),
    ]

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        tasks = [asyncio.create_task(_every(seconds, job, what))
                 for seconds, job, what in jobs if seconds]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task

    return lifespan


def create_app(context: AppContext | None = None) -> FastAPI:
    if context is None:
        settings = get_settings()
        context = AppContext(settings, make_session_factory(make_engine(settings.database_url)))
    app = FastAPI(title="Liaison", version=__version__,
                  description="Federated platform for cross-border cybercrime cooperation.",
                  openapi_url="/openapi.json", docs_url="/api/docs", redoc_url=None,
                  lifespan=_lifespan(context))
    app.state.context = context
    from liaison.web.route import http_error_page

    errors.install(app, pages=http_error_page)

    api = APIRouter(prefix="/api/v1")
    for router in (accounts_router, agencies_router, agreements_router, records_router,
                   correlation_router, sightings_router, hits_router, audit_router,
                   lookups_router, campaigns_router, stix_router, misp_router,
                   attack_router):
        api.include_router(router)
    app.include_router(api)

    @app.get("/healthz", include_in_schema=False)
    def healthz(request: Request) -> dict[str, str]:
        return {"status": "ok", "node": context.settings.node_name}

    from liaison.web.views import router as console_router

    app.include_router(console_router)
    from liaison.web.hits_views import router as hits_console

    app.include_router(hits_console)
    from liaison.web.sightings_views import router as sightings_console

    app.include_router(sightings_console)
    from liaison.web.attack_views import router as attack_console

    app.include_router(attack_console)
    from liaison.web.campaign_views import router as campaigns_console

    app.include_router(campaigns_console)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)  # type: ignore[arg-type]
    app.add_middleware(RequestLog)  # type: ignore[arg-type]
    return app

