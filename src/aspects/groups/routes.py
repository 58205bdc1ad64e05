"""Group routes: ``/api/v1/courses/{course_key}/groups[/{group}/learners|summary|…]``.

The access gate has checked the course (and CSRF for writes); ``CourseDep`` checks it again and
says whether PII may be shown (``can_see_pii``): without it, names, usernames and e-mails are
blanked before anything is computed from them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from aspects.auth.dependencies import CourseDep
from aspects.auth.exports import audit_pii_export
from aspects.auth.files import audit_path
from aspects.context import ContextDep
from aspects.groups.http import group_query, members_of, summary_of
from aspects.groups.members import all_groups, member_columns, member_page, membership
from aspects.groups.roster import COLUMNS, sort_order
from aspects.reports.query import QueryError
from aspects.reports.run import LearnerFilter, run_report
from aspects.web.responses import csv_name, download_name, json_response, table

router = APIRouter()
MAX_PAGE_SIZE = 1000


def _order(sort: str, pii: bool) -> str:
    """The engine's order for ``sort`` (a column, ``-`` first for descending).

    Empty values last whatever the direction, ties by anonymous id (roster.sort_order).
    """
    name = sort.removeprefix("-")
    if name not in COLUMNS:
        raise QueryError(f"bad 'sort' {sort!r}: expected one of {', '.join(COLUMNS)} (- for desc)")
    return sort_order(name, sort.startswith("-"), pii)


def _int(params: Any, name: str, default: int, high: int) -> int:
    text = params.get(name)
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= high:
        raise QueryError(f"bad {name!r} {text!r}: expected a whole number from 1 to {high}")
    return int(text)


@router.get("/courses/{course_key}/groups")
async def groups(request: Request, ctx: ContextDep, course_key: str, grant: CourseDep) -> Response:
    """The built-in at-risk group and the saved custom groups, each with its size."""
    query = group_query(request, ctx, course_key)
    rows = await run_in_threadpool(all_groups, ctx.store, query)
    return json_response(200, {"course_key": course_key, "params": query.echo(), "groups": rows})


@router.get("/courses/{course_key}/groups/{group}/learners")
async def learners(
    request: Request, ctx: ContextDep, course_key: str, group: str, grant: CourseDep
) -> Response:
    """The group's learners, sorted (``sort``, ``-`` for descending) and paged."""
    params = request.query_params
    query = group_query(request, ctx, course_key)
    order = _order(params.get("sort") or "anonymous_id", grant.pii)
    page, size = _int(params, "page", 1, 10**9), _int(params, "page_size", 100, MAX_PAGE_SIZE)
    info, total, chunk = await run_in_threadpool(
        member_page, ctx.store, query, group, grant.pii, order, page, size
    )
    extra = {
        "course_key": course_key,
        "group": info,
        "params": query.echo(),
        "pii": grant.pii,
        "total": total,
        "page": page,
        "page_size": size,
    }
    return table(COLUMNS, (m.row() for m in chunk), False, group, extra)


@router.get("/courses/{course_key}/groups/{group}/learners.csv")
async def learners_csv(
    request: Request, ctx: ContextDep, course_key: str, group: str, grant: CourseDep
) -> Response:
    """Every learner of the group as CSV (cells neutralised; PII exports audited)."""
    query, _, members = await members_of(request, ctx, course_key, group, grant.pii)
    if grant.pii and any(m.has_pii for m in members):
        path = audit_path(ctx.settings)
        audit_pii_export(path, grant.principal, course_key, "group-learners", len(members), group)
    filename = download_name(course_key, group, "learners", params=query.echo())
    return table(COLUMNS, (m.row() for m in members), True, filename)


@router.get("/courses/{course_key}/groups/{group}/contact")
async def contact(
    request: Request, ctx: ContextDep, course_key: str, group: str, grant: CourseDep
) -> Response:
    """The group's e-mails and a ``mailto:`` with them in BCC (PII permission needed)."""
    query = group_query(request, ctx, course_key)
    info, rows = await run_in_threadpool(member_columns, ctx.store, query, group, ("email",))
    # Without PII permission nobody's e-mail is shown: every learner is "without e-mail".
    found = [row["email"] for row in rows if row["email"]] if grant.pii else []
    emails = sorted(set(found))
    body: dict[str, Any] = {
        "course_key": course_key,
        "group": info,
        "pii": grant.pii,
        "learners": len(rows),
        "emails": emails,
        "without_email": len(rows) - len(found),
        # RFC 6068: each address percent-encoded (a "?" or "&" in one must not end the list).
        "mailto": "mailto:?bcc=" + ",".join(quote(e, safe="@") for e in emails) if emails else None,
    }
    if not grant.pii:
        body["message"] = "you may not see this course's learners' e-mails"
    return json_response(200, body)


@router.get("/courses/{course_key}/groups/{group}/summary")
async def summary(
    request: Request, ctx: ContextDep, course_key: str, group: str, grant: CourseDep
) -> Response:
    """Track breakdown and distributions of enrollment dates, last visits and grades."""
    query, info, body = await summary_of(request, ctx, course_key, group)
    params = {**query.echo(), "grain": query.report.grain}
    return json_response(200, {"course_key": course_key, "group": info, "params": params, **body})


@router.get("/courses/{course_key}/groups/{group}/reports/{name}")
async def group_report(
    request: Request, ctx: ContextDep, course_key: str, group: str, name: str, grant: CourseDep
) -> Response:
    """A course report restricted to the group's learners (same columns); ``.csv`` too."""
    report, as_csv = csv_name(name)
    query = group_query(request, ctx, course_key)
    info, members = await run_in_threadpool(membership, ctx.store, query, group)
    subset = LearnerFilter(sql=members.sql, params=members.params)
    result = await run_in_threadpool(
        run_report,
        ctx.store,
        report,
        query.report,
        subset,
        grant.principal,
        timings=ctx.timings,
    )
    size = await run_in_threadpool(members.count, ctx.store)
    extra = {**result.header(), "group": info, "learners": size}
    filename = download_name(course_key, group, report, params=result.params)
    return table(result.columns, result.dicts(), as_csv, filename, extra)
