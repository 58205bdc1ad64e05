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

from aspects.ingest.lrs import LrsContext
from aspects.lms.readers import csv_rows
from aspects.lms.sink import RowError, SinkResult, insert_rows
from aspects.lms.tables import TABLES

sink_router = APIRouter()
api_router = APIRouter()

# What BaseSink.send_item puts in ``query``; case and spacing as ClickHouse tolerates them.
_INSERT = re.compile(
    r"^\s*insert\s+into\s+(?:`?(?P<db>\w+)`?\s*\.\s*)?`?(?P<table>\w+)`?\s+format\s+csv\s*;?\s*$",
    re.IGNORECASE,
)
_EXPECTED = "expected query=INSERT INTO <database>.<table> FORMAT CSV"


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status, headers, media_type="application/json")


def _errors(result: SinkResult) -> list[dict[str, Any]]:
    return [e.as_json() for e in result.errors]


async def _prepare(request: Request) -> tuple[LrsContext, bytes]:
    """Authenticate, then read the body within the size limit."""
    context: LrsContext = request.app.state.lrs
    if context.authenticator.authenticate(request.headers.get("authorization")) is None:
        raise _Refused(
            _json(
                401,
                {"error": "credentials required (HTTP Basic or Bearer, as for the LRS)"},
                {"WWW-Authenticate": 'Basic realm="aspects"'},
            )
        )
    limit = context.settings.lrs.max_body_bytes
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _Refused(_json(413, {"error": f"the body exceeds {limit} bytes"}))
        chunks.append(chunk)
    return context, b"".join(chunks)


@sink_router.post("/")
@sink_router.post("", include_in_schema=False)
async def sink_insert(request: Request) -> Response:
    """One ``INSERT INTO <db>.<table> FORMAT CSV``: all rows written or none, as ClickHouse."""
    try:
        context, body = await _prepare(request)
    except _Refused as refused:
        return refused.response
    query = request.query_params.get("query", "")
    match = _INSERT.match(query)
    if match is None:
        message = f"only CSV inserts into the event_sink tables are accepted; {_EXPECTED}"
        return _json(400, {"error": message, "query": query})
    table = match["table"]
    if table not in TABLES:
        message = f"unknown table {table!r}; expected one of: {', '.join(TABLES)}"
        return _json(400, {"error": message, "query": query})
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
        return _json(400, {"error": error, "table": table, "errors": _errors(result)})
    return _json(200, {"table": table, "written": result.accepted})


@api_router.post("/{table}")
async def api_insert(table: str, request: Request) -> Response:
    """A JSON array of row objects; good rows are written, bad ones listed (then 400)."""
    try:
        context, body = await _prepare(request)
    except _Refused as refused:
        return refused.response
    if table not in TABLES:
        return _json(
            404, {"error": f"unknown table {table!r}; expected one of: {', '.join(TABLES)}"}
        )
    try:
        rows = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        return _json(400, {"error": f"body is not JSON: {exc}"})
    if not isinstance(rows, list):
        return _json(400, {"error": "expected a JSON array of row objects"})
    result = await run_in_threadpool(insert_rows, context.store, table, rows)
    status = 400 if result.errors else 200
    body_out = {
        "table": table,
        "accepted": result.accepted,
        "rejected": len({e.row for e in result.errors}),
        "errors": _errors(result),
    }
    return _json(status, body_out)
