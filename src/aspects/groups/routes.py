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
from aspects.groups.http import group_query, members_of
from aspects.groups.members import all_groups, membership
from aspects.groups.roster import COLUMNS, Learner
from aspects.groups.summary import summarize
from aspects.reports.query import QueryError
from aspects.reports.run import LearnerFilter, run_report
from aspects.web.responses import csv_name, json_response, table

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
    query, info, members = await members_of(request, ctx, course_key, group, grant.pii)
    ordered = _sorted(members, params.get("sort") or "anonymous_id")
    page, size = _int(params, "page", 1, 10**9), _int(params, "page_size", 100, MAX_PAGE_SIZE)
    chunk = ordered[(page - 1) * size : page * size]
    extra = {
        "course_key": course_key,
        "group": info,
        "params": query.echo(),
        "pii": grant.pii,
        "total": len(members),
        "page": page,
        "page_size": size,
    }
    return table(COLUMNS, (m.row() for m in chunk), False, group, extra)


@router.get("/courses/{course_key}/groups/{group}/learners.csv")
async def learners_csv(
    request: Request, ctx: ContextDep, course_key: str, group: str, grant: CourseDep
) -> Response:
    """Every learner of the group as CSV (cells neutralised; PII exports audited)."""
    _, _, members = await members_of(request, ctx, course_key, group, grant.pii)
    if grant.pii and any(m.has_pii for m in members):
        path = audit_path(ctx.settings)
        audit_pii_export(path, grant.principal, course_key, "group-learners", len(members), group)
    return table(COLUMNS, (m.row() for m in members), True, f"{group}-learners")


@router.get("/courses/{course_key}/groups/{group}/contact")
async def contact(
    request: Request, ctx: ContextDep, course_key: str, group: str, grant: CourseDep
) -> Response:
    """The group's e-mails and a ``mailto:`` with them in BCC (PII permission needed)."""
    _, info, members = await members_of(request, ctx, course_key, group, grant.pii)
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
async def summary(
    request: Request, ctx: ContextDep, course_key: str, group: str, grant: CourseDep
) -> Response:
    """Track breakdown and distributions of enrollment dates, last visits and grades."""
    query, info, members = await members_of(request, ctx, course_key, group, False)
    body = summarize(members, query.report.tz, query.report.grain)
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
    return table(result.columns, result.dicts(), as_csv, f"{group}-{report}", extra)
