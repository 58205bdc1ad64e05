"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Response

from aspects.context import ContextDep
from aspects.web.responses import json_response

router = APIRouter()
log = logging.getLogger(__name__)


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(ctx: ContextDep) -> Response:
    """The store answers and the writer runs: ready to take statements."""
    try:
        ctx.store.query("select 1")
    except Exception as exc:  # any store failure means not ready
        log.warning("readiness: the store failed: %s", exc)
        return json_response(503, {"status": f"store unavailable: {type(exc).__name__}"})
    if not ctx.writer.running:
        return json_response(503, {"status": "writer stopped"})
    return json_response(200, {"status": "ready"})


@router.get("/metrics")
async def metrics(ctx: ContextDep) -> Response:
    """Ingest counters in the Prometheus text format."""
    body = ctx.metrics.render()
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")
