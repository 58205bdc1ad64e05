"""HTTP ways in for LMS rows: the ClickHouse-shaped ``/sink/`` and ``POST /api/v1/lms/{table}``.

``/sink/`` answers exactly the request platform-plugin-aspects' sinks send to their configured
ClickHouse URL (``BaseSink.send_item``): ``POST`` with ``query=INSERT INTO <db>.<table> FORMAT
CSV`` in the query string, a CSV body in serializer column order, HTTP Basic auth. Nothing else
of ClickHouse's HTTP protocol is spoken. Both routes use the LRS credentials (the app's
:class:`~aspects.ingest.credentials.Authenticator`) and the store the app factory opened.
"""

from __future__ import annotations

import io
import re
from typing import Any

import orjson
from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from aspects.context import AppContext, ContextDep
from aspects.lms.readers import csv_rows
from aspects.lms.sink import RowError, SinkResult, insert_rows
from aspects.lms.tables import TABLES
from aspects.web.responses import ApiError, json_response

sink_router = APIRouter()
api_router = APIRouter()

# What BaseSink.send_item puts in ``query``; case and spacing as ClickHouse tolerates them.
_INSERT = re.compile(
    r"^\s*insert\s+into\s+(?:`?(?P<db>\w+)`?\s*\.\s*)?`?(?P<table>\w+)`?\s+format\s+csv\s*;?\s*$",
    re.IGNORECASE,
)
_EXPECTED = "expected query=INSERT INTO <database>.<table> FORMAT CSV"


def _errors(result: SinkResult) -> list[dict[str, Any]]:
    return [e.as_json() for e in result.errors]


async def _read(request: Request, context: AppContext) -> bytes:
    """Authenticate, then read the body within the size limit.

    Raises:
        ApiError: 401 without LRS credentials, 413 over the body limit.
    """
    if context.authenticator.authenticate(request.headers.get("authorization")) is None:
        raise ApiError(
            401,
            "credentials required (HTTP Basic or Bearer, as for the LRS)",
            {"WWW-Authenticate": 'Basic realm="aspects"'},
        )
    limit = context.settings.lrs.max_body_bytes
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"the body exceeds {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@sink_router.post("/")
@sink_router.post("", include_in_schema=False)
async def sink_insert(request: Request, context: ContextDep) -> Response:
    """One ``INSERT INTO <db>.<table> FORMAT CSV``: all rows written or none, as ClickHouse."""
    body = await _read(request, context)
    query = request.query_params.get("query", "")
    match = _INSERT.match(query)
    if match is None:
        message = f"only CSV inserts into the event_sink tables are accepted; {_EXPECTED}"
        raise ApiError(400, message, query=query)
    table = match["table"]
    if table not in TABLES:
        message = f"unknown table {table!r}; expected one of: {', '.join(TABLES)}"
        raise ApiError(400, message, query=query)
    rows: list[dict[str, Any]] = []
    problems: list[RowError] = []
    text = io.StringIO(body.decode("utf-8", "replace"), newline="")
    for number, source in enumerate(csv_rows(text, TABLES[table]), start=1):
        if source.row is None:
            problems.append(RowError(number, "", f"line {source.line}: {source.error}"))
        rows.append(source.row or {})
    if problems:  # a record we could not even split into columns: refuse the request
        result = SinkResult(errors=problems)
    else:
        result = await run_in_threadpool(insert_rows, context.store, table, rows, atomic=True)
    if result.errors:
        error = f"{len(result.errors)} problems in the rows; nothing was written"
        raise ApiError(400, error, table=table, errors=_errors(result))
    return json_response(200, {"table": table, "written": result.accepted})


@api_router.post("/{table}")
async def api_insert(table: str, request: Request, context: ContextDep) -> Response:
    """A JSON array of row objects; good rows are written, bad ones listed (then 400)."""
    body = await _read(request, context)
    if table not in TABLES:
        raise ApiError(404, f"unknown table {table!r}; expected one of: {', '.join(TABLES)}")
    try:
        rows = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, f"body is not JSON: {exc}") from None
    if not isinstance(rows, list):
        raise ApiError(400, "expected a JSON array of row objects")
    result = await run_in_threadpool(insert_rows, context.store, table, rows)
    status = 400 if result.errors else 200
    body_out = {
        "table": table,
        "accepted": result.accepted,
        "rejected": len({e.row for e in result.errors}),
        "errors": _errors(result),
    }
    return json_response(status, body_out)
