"""Group routes: ``/api/v1/courses/{course_key}/groups[/{group}/learners|summary|…]``.

The access gate has checked the course (and CSRF for writes); ``CourseDep`` checks it again and
says whether PII may be shown (``can_see_pii``): without it, names, usernames and e-mails are
blanked before anything is computed from them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from aspects.auth.dependencies import CourseDep
from aspects.auth.exports import audit_pii_export
from aspects.auth.files import audit_path
from aspects.groups.http import error, group_query, json_response, settings_of, store_of
from aspects.groups.members import UnknownGroup, all_groups, resolve
from aspects.groups.roster import COLUMNS, Learner
from aspects.groups.summary import summarize
from aspects.reports.output import cell, csv_chunks
from aspects.reports.query import QueryError
from aspects.reports.run import LearnerFilter, ReportRefused, run_report
from aspects.reports.spec import UnknownReport

router = APIRouter()
MAX_PAGE_SIZE = 1000


def _sorted(members: list[Learner], sort: str) -> list[Learner]:
    name = sort.removeprefix("-")
    if name not in COLUMNS:
        raise QueryError(f"bad 'sort' {sort!r}: expected one of {', '.join(COLUMNS)} (- for desc)")
    present = [m for m in members if getattr(m, name) not in (None, "")]
    empty = [m for m in members if getattr(m, name) in (None, "")]
    present.sort(key=lambda m: (getattr(m, name), m.anonymous_id), reverse=sort.startswith("-"))
    return present + empty  # empty values last, whatever the direction


def _int(params: Any, name: str, default: int, high: int) -> int:
    text = params.get(name)
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= high:
        raise QueryError(f"bad {name!r} {text!r}: expected a whole number from 1 to {high}")
    return int(text)


@router.get("/courses/{course_key}/groups")
async def groups(request: Request, course_key: str, grant: CourseDep) -> Response:
    """The built-in at-risk group and the saved custom groups, each with its size."""
    try:
        query = group_query(request, course_key)
        rows = await run_in_threadpool(all_groups, store_of(request), query)
    except QueryError as exc:
        return error(400, str(exc))
    return json_response(200, {"course_key": course_key, "params": query.echo(), "groups": rows})


async def _resolve(
    request: Request, course_key: str, group: str, pii: bool
) -> tuple[Any, dict[str, Any], list[Learner]]:
    query = group_query(request, course_key)
    info, members = await run_in_threadpool(resolve, store_of(request), query, group, pii)
    return query, info, members


@router.get("/courses/{course_key}/groups/{group}/learners")
async def learners(request: Request, course_key: str, group: str, grant: CourseDep) -> Response:
    """The group's learners, sorted (``sort``, ``-`` for descending) and paged."""
    params = request.query_params
    try:
        query, info, members = await _resolve(request, course_key, group, grant.pii)
        ordered = _sorted(members, params.get("sort") or "anonymous_id")
        page, size = _int(params, "page", 1, 10**9), _int(params, "page_size", 100, MAX_PAGE_SIZE)
    except UnknownGroup as exc:
        return error(404, str(exc))
    except QueryError as exc:
        return error(400, str(exc))
    chunk = ordered[(page - 1) * size : page * size]
    return json_response(
        200,
        {
            "course_key": course_key,
            "group": info,
            "params": query.echo(),
            "pii": grant.pii,
            "columns": list(COLUMNS),
            "total": len(members),
            "page": page,
            "page_size": size,
            "rows": [{k: cell(v) for k, v in m.row().items()} for m in chunk],
        },
    )


@router.get("/courses/{course_key}/groups/{group}/learners.csv")
async def learners_csv(request: Request, course_key: str, group: str, grant: CourseDep) -> Response:
    """Every learner of the group as CSV (cells neutralised; PII exports audited)."""
    try:
        _, _, members = await _resolve(request, course_key, group, grant.pii)
    except UnknownGroup as exc:
        return error(404, str(exc))
    except QueryError as exc:
        return error(400, str(exc))
    if grant.pii and any(m.has_pii for m in members):
        path = audit_path(settings_of(request))
        audit_pii_export(path, grant.principal, course_key, "group-learners", len(members), group)
    return StreamingResponse(
        csv_chunks(COLUMNS, (m.row() for m in members)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{group}-learners.csv"'},
    )


@router.get("/courses/{course_key}/groups/{group}/contact")
async def contact(request: Request, course_key: str, group: str, grant: CourseDep) -> Response:
    """The group's e-mails and a ``mailto:`` with them in BCC (PII permission needed)."""
    try:
        _, info, members = await _resolve(request, course_key, group, grant.pii)
    except UnknownGroup as exc:
        return error(404, str(exc))
    except QueryError as exc:
        return error(400, str(exc))
    emails = sorted({m.email for m in members if m.email})
    body: dict[str, Any] = {
        "course_key": course_key,
        "group": info,
        "pii": grant.pii,
        "learners": len(members),
        "emails": emails,
        "without_email": sum(1 for m in members if not m.email),
        # RFC 6068: each address percent-encoded (a "?" or "&" in one must not end the list).
        "mailto": "mailto:?bcc=" + ",".join(quote(e, safe="@") for e in emails) if emails else None,
    }
    if not grant.pii:
        body["message"] = "you may not see this course's learners' e-mails"
    return json_response(200, body)


@router.get("/courses/{course_key}/groups/{group}/summary")
async def summary(request: Request, course_key: str, group: str, grant: CourseDep) -> Response:
    """Track breakdown and distributions of enrollment dates, last visits and grades."""
    try:
        query, info, members = await _resolve(request, course_key, group, False)
    except UnknownGroup as exc:
        return error(404, str(exc))
    except QueryError as exc:
        return error(400, str(exc))
    body = summarize(members, query.report.tz, query.report.grain)
    params = {**query.echo(), "grain": query.report.grain}
    return json_response(200, {"course_key": course_key, "group": info, "params": params, **body})


@router.get("/courses/{course_key}/groups/{group}/reports/{name}")
async def group_report(
    request: Request, course_key: str, group: str, name: str, grant: CourseDep
) -> Response:
    """A course report restricted to the group's learners (same columns); ``.csv`` too."""
    as_csv = name.endswith(".csv")
    try:
        query, info, members = await _resolve(request, course_key, group, False)
        subset = LearnerFilter(frozenset(m.anonymous_id for m in members))
        result = await run_in_threadpool(
            run_report,
            store_of(request),
            name.removesuffix(".csv"),
            query.report,
            subset,
            grant.principal,
        )
    except (UnknownGroup, UnknownReport) as exc:
        return error(404, str(exc))
    except QueryError as exc:
        return error(400, str(exc))
    except ReportRefused as exc:
        return error(exc.status, str(exc))
    if as_csv:
        return StreamingResponse(
            csv_chunks(result.columns, result.dicts()),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{group}-{name}"'},
        )
    body = result.as_json()
    body["rows"] = [{k: cell(v) for k, v in row.items()} for row in body["rows"]]
    return json_response(200, {**body, "group": info, "learners": len(members)})
