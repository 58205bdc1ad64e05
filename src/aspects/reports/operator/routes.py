"""``GET /api/v1/operator/reports/{name}[.csv]``: instance-wide reports as JSON or CSV.

The access gate lets only operators reach ``/api/v1/operator`` (aspects.auth.policy); the
runner checks again through the same permission hook as course reports, so no handler decides.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from aspects.reports.operator.query import InstanceQuery
from aspects.reports.operator.run import OperatorResult, run_operator_report
from aspects.reports.output import cell, csv_chunks
from aspects.reports.query import QueryError
from aspects.reports.routes import permission_for
from aspects.reports.run import ReportRefused
from aspects.reports.spec import UnknownReport
from aspects.store import Store

router = APIRouter()


def _json(status: int, body: Any) -> Response:
    return Response(orjson.dumps(body), status, media_type="application/json")


@router.get("/reports/{name}")
async def operator_report(request: Request, name: str) -> Response:
    """One operator report as JSON, or as CSV when ``name`` ends in ``.csv``."""
    as_csv = name.endswith(".csv")
    report_name = name.removesuffix(".csv")
    store: Store = request.app.state.lrs.store  # the one store the app factory opened
    try:
        query = InstanceQuery.from_params(request.query_params)
        result: OperatorResult[Any] = await run_in_threadpool(
            run_operator_report, store, report_name, query, permission_for(request)
        )
    except UnknownReport as exc:
        return _json(404, {"error": str(exc)})
    except QueryError as exc:
        return _json(400, {"error": str(exc)})
    except ReportRefused as exc:
        return _json(exc.status, {"error": str(exc)})
    if as_csv:
        return StreamingResponse(
            csv_chunks(result.columns, result.dicts()),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{report_name}.csv"'},
        )
    body = result.as_json()
    body["rows"] = [{k: cell(v) for k, v in row.items()} for row in body["rows"]]
    return _json(200, body)
