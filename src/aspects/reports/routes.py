"""Report routes: ``/api/v1/courses`` and ``/api/v1/courses/{course_key}/reports/{name}[.csv]``.

Every route goes through :func:`permission_for` and the runner's permission check, the one
place the secure-access issue will enforce who sees which course.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from aspects.auth.dependencies import current_principal
from aspects.reports.courses import COLUMNS as COURSE_COLUMNS
from aspects.reports.courses import list_courses
from aspects.reports.output import cell, csv_chunks
from aspects.reports.query import QueryError, ReportQuery
from aspects.reports.run import Permission, ReportRefused, ReportResult, run_report
from aspects.reports.spec import UnknownReport
from aspects.store import Store

router = APIRouter()


def permission_for(request: Request) -> Permission | None:
    """The viewer's permission: the principal the access gate resolved (issue 7)."""
    return current_principal(request)


def _store(request: Request) -> Store:
    store: Store = request.app.state.lrs.store  # the one store the app factory opened
    return store


def _json(status: int, body: Any) -> Response:
    return Response(orjson.dumps(body), status, media_type="application/json")


def _error(status: int, message: str) -> Response:
    return _json(status, {"error": message})


@router.get("/courses")
async def courses(request: Request) -> Response:
    """Every course the viewer may see: key, name, org, run, enrollees, last activity."""
    rows = await run_in_threadpool(list_courses, _store(request), permission_for(request))
    return _json(
        200,
        {
            "columns": list(COURSE_COLUMNS),
            "rows": [{name: cell(getattr(row, name)) for name in COURSE_COLUMNS} for row in rows],
        },
    )


@router.get("/courses/{course_key}/reports/{name}")
async def report(request: Request, course_key: str, name: str) -> Response:
    """One report as JSON, or as CSV when ``name`` ends in ``.csv``.

    ``course_key`` arrives percent-decoded, and a ``+`` in a path is a literal plus (only
    query strings turn ``+`` into a space), so ``course-v1:Org+C1+2026`` arrives intact.
    """
    as_csv = name.endswith(".csv")
    report_name = name.removesuffix(".csv")
    try:
        query = ReportQuery.from_params(course_key, request.query_params)
        result: ReportResult[Any] = await run_in_threadpool(
            run_report, _store(request), report_name, query, None, permission_for(request)
        )
    except UnknownReport as exc:
        return _error(404, str(exc))
    except QueryError as exc:
        return _error(400, str(exc))
    except ReportRefused as exc:
        return _error(exc.status, str(exc))
    if as_csv:
        filename = f"{report_name}.csv"
        return StreamingResponse(
            csv_chunks(result.columns, result.dicts()),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    body = result.as_json()
    body["rows"] = [{k: cell(v) for k, v in row.items()} for row in body["rows"]]
    return _json(200, body)
