"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

router = APIRouter()


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> Response:
    """The store answers and the writer runs: ready to take statements."""
    lrs = request.app.state.lrs
    try:
        lrs.store.query("select 1")
    except Exception as exc:  # any store failure means not ready
        return Response(f'{{"status":"store unavailable: {type(exc).__name__}"}}', 503)
    if not lrs.writer.running:
        return Response('{"status":"writer stopped"}', 503, media_type="application/json")
    return Response('{"status":"ready"}', 200, media_type="application/json")


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    """Ingest counters in the Prometheus text format."""
    body = request.app.state.lrs.metrics.render()
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")
