"""${{ values.name }}: ${{ values.description }}"""

import os
import re
import time
import uuid
from typing import TextIO

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from app.logs import JsonLogger
from app.metrics import Metrics
from app.routes import router
from app.tracing import current_trace_id, setup_tracing

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
# Probes and scrapes are not user traffic: they stay out of the SLIs and the logs.
_INFRASTRUCTURE = {"/healthz", "/readyz", "/metrics"}


def create_app(
    service: str | None = None,
    version: str | None = None,
    environment: str | None = None,
    log_stream: TextIO | None = None,
) -> FastAPI:
    """The application; arguments default to the environment ECS gives the container."""
    service = service or os.environ.get("SERVICE_NAME", "${{ values.name }}")
    version = version or os.environ.get("SERVICE_VERSION", "dev")
    environment = environment or os.environ.get("DEPLOY_ENVIRONMENT", "local")
    app = FastAPI(title=service, version=version)
    logger = JsonLogger({"service": service, "version": version, "environment": environment}, log_stream)
    metrics = Metrics(service, version)
    app.state.ready = False
    setup_tracing(app, service, version, environment)

    @app.on_event("startup")
    async def mark_ready() -> None:
        app.state.ready = True
        logger.info("ready")

    @app.on_event("shutdown")
    async def mark_stopping() -> None:
        app.state.ready = False
        logger.info("shutting down")

    @app.get("/healthz")
    async def healthz() -> dict:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz() -> Response:
        if app.state.ready:
            return JSONResponse({"status": "ready"})
        return JSONResponse({"status": "not ready"}, status_code=503)

    @app.get("/metrics")
    async def prometheus_metrics() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    app.include_router(router)

    @app.middleware("http")
    async def observe(request: Request, call_next) -> Response:
        started = time.perf_counter()
        header = request.headers.get("x-request-id", "")
        request_id = header if _REQUEST_ID.match(header) else str(uuid.uuid4())
        log = logger.child(
            requestId=request_id,
            traceId=current_trace_id(request.headers.get("traceparent")),
        )
        try:
            response = await call_next(request)
        except Exception as error:  # noqa: BLE001 - every failure becomes a 500 without details
            log.error("request failed", error=str(error))
            response = JSONResponse({"error": "internal error", "requestId": request_id}, status_code=500)
        response.headers["x-request-id"] = request_id
        route = request.scope.get("route")
        path = getattr(route, "path", None) or "unmatched"
        if path not in _INFRASTRUCTURE:
            seconds = time.perf_counter() - started
            metrics.observe(request.method, path, response.status_code, seconds)
            log.info(
                "request completed",
                method=request.method,
                route=path,
                status=response.status_code,
                durationMs=round(seconds * 1000),
            )
        return response

    return app


app = create_app()
