"""Report routes: the course list, and every report of a course or the instance, JSON or CSV.

``/api/v1/courses/{course_key}/reports/{name}`` and ``/api/v1/operator/reports/{name}`` run
through the one runner (:func:`aspects.reports.run.run_report`) with the viewer's principal as
its permission: the runner refuses a course (or the instance) the viewer may not see, whatever
the access gate let through.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from aspects.auth.dependencies import current_principal
from aspects.context import ContextDep
from aspects.reports.courses import COLUMNS as COURSE_COLUMNS
from aspects.reports.courses import list_courses
from aspects.reports.query import ReportQuery
from aspects.reports.run import ReportResult, run_report
from aspects.web.responses import csv_name, download_name, table

router = APIRouter()


@router.get("/courses")
async def courses(request: Request, ctx: ContextDep) -> Response:
    """Every course the viewer may see: key, name, org, run, enrollees, last activity."""
    rows = await run_in_threadpool(list_courses, ctx.store, current_principal(request))
    dicts = [{name: getattr(row, name) for name in COURSE_COLUMNS} for row in rows]
    return table(COURSE_COLUMNS, dicts, False, "courses")


async def answer(request: Request, ctx: ContextDep, course_key: str | None, name: str) -> Response:
    """One report of ``course_key`` (None: the instance) as JSON, or CSV for ``name.csv``."""
    report, as_csv = csv_name(name)
    query = ReportQuery.from_params(course_key, request.query_params)
    result: ReportResult[Any] = await run_in_threadpool(
        run_report,
        ctx.store,
        report,
        query,
        permission=current_principal(request),
        timings=ctx.timings,
    )
    filename = download_name(course_key, report, params=result.params)
    return table(result.columns, result.dicts(), as_csv, filename, result.header())


@router.get("/courses/{course_key}/reports/{name}")
async def report(request: Request, ctx: ContextDep, course_key: str, name: str) -> Response:
    """One report as JSON, or as CSV when ``name`` ends in ``.csv``.

    ``course_key`` arrives percent-decoded, and a ``+`` in a path is a literal plus (only
    query strings turn ``+`` into a space), so ``course-v1:Org+C1+2026`` arrives intact.
    """
    return await answer(request, ctx, course_key, name)


@router.get("/operator/reports/{name}", tags=["operator"])
async def operator_report(request: Request, ctx: ContextDep, name: str) -> Response:
    """One operator report as JSON, or as CSV when ``name`` ends in ``.csv``.

    The gate lets only operators reach ``/api/v1/operator``; the runner checks again.
    """
    return await answer(request, ctx, None, name)
