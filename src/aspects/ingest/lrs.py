"""The xAPI LRS router mounted at ``/xAPI/``: what event-routing-backends talks to.

The handlers only read the body, run the ingest steps (:mod:`aspects.ingest.statement`), hand
the statements to the writer and map the outcome to a status (STYLE.md 2). Section numbers are
from xAPI 1.0.3 Part 3 ("Data Processing, Validation, and Security").
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import orjson
from fastapi import APIRouter, Request, Response

from aspects.context import AppContext, ContextDep
from aspects.ingest.rejections import Reason, Rejected, Rejection
from aspects.ingest.statement import Prepared, parse_timestamp, parse_uuid, prepare
from aspects.ingest.statements_query import StatementQuery, find_statement, find_statements
from aspects.ingest.writer import Conflict, WriterClosed
from aspects.web.responses import ApiError, json_response

XAPI_VERSION = "1.0.3"
# §6.2: every response carries the version of the specification it follows.
_VERSION = {"X-Experience-API-Version": XAPI_VERSION}
log = logging.getLogger(__name__)


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return json_response(status, body, {**_VERSION, **(headers or {})})


def _refusal(
    status: int, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> ApiError:
    return ApiError(status, message, {**_VERSION, **(headers or {})}, **extra)


def _rejected(status: int, rejections: list[Rejection], message: str) -> ApiError:
    return _refusal(status, message, rejections=[r.as_json() for r in rejections])


def _authenticate(request: Request, lrs: AppContext) -> str:
    name = lrs.authenticator.authenticate(request.headers.get("authorization"))
    if name is None:
        lrs.metrics.reject("unauthorized")
        raise _refusal(
            401,
            "LRS credentials required (HTTP Basic or Bearer key)",
            {"WWW-Authenticate": 'Basic realm="aspects-lrs"'},
        )
    if lrs.settings.lrs.strict_version and "x-experience-api-version" not in request.headers:
        raise _refusal(400, "the X-Experience-API-Version header is required")
    return name


async def _read_body(request: Request, lrs: AppContext) -> Any:
    limit = lrs.settings.lrs.max_body_bytes
    too_large = _rejected(
        413,
        [Rejection(None, "", Reason.BODY_TOO_LARGE, f"the body exceeds {limit} bytes")],
        "request body too large",
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        lrs.metrics.reject(Reason.BODY_TOO_LARGE)
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            lrs.metrics.reject(Reason.BODY_TOO_LARGE)
            raise too_large
        chunks.append(chunk)
    try:
        return orjson.loads(b"".join(chunks))
    except orjson.JSONDecodeError as exc:
        lrs.metrics.reject(Reason.BODY_NOT_JSON)
        raise _rejected(
            400, [Rejection(None, "", Reason.BODY_NOT_JSON, str(exc))], "body is not JSON"
        ) from None


def _prepare_all(statements: list[Any], lrs: AppContext) -> list[Prepared]:
    """Validate every statement; refuse the request naming each bad one (a batch is atomic)."""
    now = datetime.now(UTC)
    prepared: list[Prepared] = []
    rejections: list[Rejection] = []
    for index, statement in enumerate(statements):
        try:
            prepared.append(prepare(statement, now))
        except Rejected as exc:
            rejections.append(exc.at(index))
    seen: dict[uuid.UUID, int] = {}
    for index, item in enumerate(prepared if not rejections else []):
        if item.id in seen:
            rejections.append(
                Rejection(
                    index,
                    "id",
                    Reason.DUPLICATE_ID_IN_REQUEST,
                    f"statement {item.id} also appears at index {seen[item.id]}",
                )
            )
        seen.setdefault(item.id, index)
    if rejections:
        for rejection in rejections:
            lrs.metrics.reject(rejection.reason)
        raise _rejected(400, rejections, "invalid statements; nothing was stored")
    return prepared


async def _store(prepared: list[Prepared], authority: str, lrs: AppContext) -> None:
    try:
        await asyncio.wrap_future(lrs.writer.submit(prepared, authority))
    except Conflict as exc:
        lrs.metrics.reject(Reason.CONFLICT)
        rejection = Rejection(exc.index, "id", Reason.CONFLICT, str(exc))
        raise _rejected(409, [rejection], "conflict; nothing was stored") from None
    except WriterClosed as exc:
        raise _refusal(503, str(exc), {"Retry-After": "1"}) from None
    except Exception:  # the store failed: the client may retry the same ids safely
        # The engine's message names tables and paths: it goes to the log, not the client.
        log.exception("storing %d statements failed", len(prepared))
        raise _refusal(503, "the store failed; nothing was stored", {"Retry-After": "1"}) from None


@contextmanager
def _timed(lrs: AppContext) -> Iterator[None]:
    """Count the request's time in the ingest metrics, whatever its outcome."""
    started = time.perf_counter()
    try:
        yield
    finally:
        lrs.metrics.request_seconds(time.perf_counter() - started)


router = APIRouter()


@router.post("/statements")
async def post_statements(request: Request, lrs: ContextDep) -> Response:
    """Store one statement or an array; 200 with the ids in order (§2.1.2 POST Statements)."""
    with _timed(lrs):
        authority = _authenticate(request, lrs)
        body = await _read_body(request, lrs)
        if isinstance(body, dict):
            body = [body]
        if not isinstance(body, list):
            lrs.metrics.reject(Reason.NOT_A_STATEMENT)
            raise _rejected(
                400,
                [Rejection(None, "", Reason.NOT_A_STATEMENT, "expected an object or array")],
                "body is not a statement or an array of statements",
            )
        if not body:
            return _json(200, [])
        prepared = _prepare_all(body, lrs)
        await _store(prepared, authority, lrs)
        return _json(200, [str(p.id) for p in prepared])


@router.put("/statements")
async def put_statement(request: Request, lrs: ContextDep) -> Response:
    """Store one statement under ``statementId``; 204 (§2.1.1 PUT Statements)."""
    with _timed(lrs):
        authority = _authenticate(request, lrs)
        try:
            statement_id = parse_uuid(request.query_params.get("statementId"), "statementId")
        except Rejected as exc:
            lrs.metrics.reject(exc.reason)
            raise _rejected(400, [exc.at(None)], "statementId must be a UUID") from None
        body = await _read_body(request, lrs)
        if isinstance(body, dict):
            if "id" in body and _same_uuid(body["id"], statement_id) is False:
                rejection = Rejection(
                    0, "id", Reason.ID_MISMATCH, "the body's id differs from statementId"
                )
                lrs.metrics.reject(Reason.ID_MISMATCH)
                raise _rejected(400, [rejection], "id mismatch")
            body = {**body, "id": str(statement_id)}
        prepared = _prepare_all([body], lrs)
        await _store(prepared, authority, lrs)
        return Response(status_code=204, headers=_VERSION)


@router.get("/statements")
async def get_statements(request: Request, lrs: ContextDep) -> Response:
    """One statement by id, or a filtered page with a ``more`` link (§2.1.3 GET Statements)."""
    _authenticate(request, lrs)
    consistent = (datetime.now(UTC) if lrs.writer.idle else lrs.writer.last_flush).isoformat()
    headers = {"X-Experience-API-Consistent-Through": consistent}
    params = request.query_params
    home = str(request.base_url).rstrip("/")
    for key, voided in (("statementId", False), ("voidedStatementId", True)):
        if key in params:
            statement_id = _param(lambda k=key: parse_uuid(params[k], k))
            found = find_statement(lrs.store, statement_id, voided, home)
            if found is None:
                raise _refusal(404, f"no statement {statement_id}", headers)
            return _json(200, found, headers)
    query = _param(lambda: StatementQuery.from_params(params, lrs.settings.lrs.get_limit))
    return _json(200, find_statements(lrs.store, query, str(request.url.path), home), headers)


def _same_uuid(value: object, statement_id: uuid.UUID) -> bool | None:
    """Whether ``value`` names ``statement_id`` in any UUID spelling; None if not a UUID."""
    try:
        return uuid.UUID(str(value)) == statement_id
    except ValueError:
        return None  # the id step reports it as bad_id


def _param(read: Any) -> Any:
    try:
        return read()
    except (Rejected, ValueError) as exc:
        message = exc.message if isinstance(exc, Rejected) else str(exc)
        raise _refusal(400, message) from None


@router.get("/about")
async def about() -> Response:
    """The xAPI versions this LRS speaks (§2.8 About Resource)."""
    return _json(200, {"version": [XAPI_VERSION, "1.0.0"]})


__all__ = ["parse_timestamp", "router"]
