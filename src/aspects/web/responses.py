"""The HTTP edge: every JSON and CSV answer, and every error a route raises, in one place.

Routes return rows; :func:`table` answers them as JSON or as a streamed CSV of the same rows
(STYLE.md 7, as Datasette does), the CSV when the route's name ends in ``.csv``
(:func:`csv_name`). Errors are raised, not
returned: the handlers :func:`install_error_handlers` puts on the app turn each domain error
into its status and a ``{"error": …}`` body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request, Response
from fastapi.responses import StreamingResponse

from aspects.groups.members import UnknownGroup
from aspects.groups.rules import FilterError
from aspects.groups.saved import GroupNameError
from aspects.reports.output import cell, csv_chunks
from aspects.reports.query import QueryError
from aspects.reports.run import ReportRefused
from aspects.reports.spec import UnknownReport

CSV = ".csv"


class ApiError(Exception):
    """A refusal with its status, message, optional headers and extra body fields."""

    def __init__(
        self,
        status: int,
        message: str,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})
        self.extra = extra


def json_response(status: int, body: Any, headers: Mapping[str, str] | None = None) -> Response:
    """``body`` as JSON; instants as ISO 8601 UTC with ``Z``, dates as ISO dates."""
    content = orjson.dumps(body, default=cell, option=orjson.OPT_PASSTHROUGH_DATETIME)
    return Response(content, status, dict(headers or {}), media_type="application/json")


def error_response(
    status: int, message: str, headers: Mapping[str, str] | None = None, **extra: Any
) -> Response:
    """``{"error": message, …extra}`` with ``status``."""
    return json_response(status, {"error": message, **extra}, headers)


def csv_name(name: str) -> tuple[str, bool]:
    """``("report", True)`` for ``report.csv``; ``(name, False)`` otherwise."""
    return name.removesuffix(CSV), name.endswith(CSV)


def download_name(course_key: str | None, *what: str, params: Mapping[str, Any]) -> str:
    """A CSV's file name: the course, what it is, and its period or instant.

    ``AspectsU-DS101-2026_T1-enrollment-change-2026-01-01-2026-02-01`` for a period
    ``[from, to)``, ``…-as-of-2026-12-08T0930Z`` without one (the course run, a group, a
    snapshot); the operator's reports are ``instance-…``. Only ``[A-Za-z0-9._-]``, so two
    exports of different courses, reports or periods never share a name.
    """
    course = "instance" if course_key is None else course_key.removeprefix("course-v1:")
    if params.get("from"):
        when = f"{params['from']}-{params['to']}"
    elif params.get("as_of"):
        instant = str(params["as_of"])
        when = f"as-of-{instant[:10]}T{instant[11:13]}{instant[14:16]}Z"
    else:
        when = ""
    name = "-".join(part for part in (course.replace("+", "-"), *what, when) if part)
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


def table(
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    as_csv: bool,
    filename: str,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    """The rows as JSON (``extra`` fields, ``columns``, ``rows``) or as a CSV download.

    The CSV streams with a size cap and spreadsheet-safe cells (aspects.reports.output);
    ``filename`` gets ``.csv`` added.
    """
    if as_csv:
        return StreamingResponse(
            csv_chunks(columns, rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}{CSV}"'},
        )
    body = {**(extra or {}), "columns": list(columns)}
    body["rows"] = [{name: row[name] for name in columns} for row in rows]
    return json_response(200, body)


def _api_error(request: Request, exc: Exception) -> Response:
    error = exc if isinstance(exc, ApiError) else ApiError(500, "internal error")
    return error_response(error.status, error.message, error.headers, **error.extra)


def _status(status: int) -> Any:
    def handler(request: Request, exc: Exception) -> Response:
        return error_response(status, str(exc))

    return handler


def _refused(request: Request, exc: Exception) -> Response:
    return error_response(exc.status if isinstance(exc, ReportRefused) else 400, str(exc))


def _bad_definition(request: Request, exc: Exception) -> Response:
    # A saved group's body: the field at fault is a filter's name, or the group's name.
    return error_response(400, str(exc), filter=getattr(exc, "name", "name"))


def install_error_handlers(app: FastAPI) -> None:
    """Map every domain error a route may raise to its HTTP answer."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(QueryError, _status(400))
    app.add_exception_handler(UnknownReport, _status(404))
    app.add_exception_handler(UnknownGroup, _status(404))
    app.add_exception_handler(ReportRefused, _refused)
    app.add_exception_handler(FilterError, _bad_definition)
    app.add_exception_handler(GroupNameError, _bad_definition)
