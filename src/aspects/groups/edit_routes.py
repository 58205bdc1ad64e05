"""Saving custom groups: create (POST), read, replace (PUT) and delete (DELETE) a definition.

Writes come from signed-in sessions with the CSRF header: the access gate refuses API tokens
(read-only) and session writes without ``X-CSRF-Token`` before these handlers run.
"""

from __future__ import annotations

import orjson
from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from aspects.auth.dependencies import CourseDep
from aspects.context import AppContext, ContextDep
from aspects.groups.http import group_query
from aspects.groups.members import membership
from aspects.groups.rules import AT_RISK, Filters
from aspects.groups.saved import (
    GroupNameError,
    SavedGroup,
    check_name,
    delete_group,
    get_group,
    save_group,
)
from aspects.reports.query import check_course_key
from aspects.web.responses import ApiError, json_response

router = APIRouter()


async def _definition(request: Request) -> tuple[str, Filters]:
    """The body's name and filters, validated.

    Raises:
        GroupNameError: a bad name.
        FilterError: a bad filter (its name in the error).
    """
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        raise GroupNameError("the body must be a JSON object {name, filters}") from None
    if not isinstance(body, dict):
        raise GroupNameError("the body must be a JSON object {name, filters}")
    return check_name(body.get("name")), Filters.parse(body.get("filters", {}))


@router.post("/courses/{course_key}/groups")
async def create(request: Request, ctx: ContextDep, course_key: str, grant: CourseDep) -> Response:
    """Save a new custom group; 201 with its id."""
    check_course_key(course_key)
    name, filters = await _definition(request)
    group = await run_in_threadpool(
        save_group, ctx.store, course_key, name, filters, grant.principal.username
    )
    return json_response(201, group.describe())


@router.get("/courses/{course_key}/groups/{group}")
async def read(
    request: Request, ctx: ContextDep, course_key: str, group: str, grant: CourseDep
) -> Response:
    """One group's definition and size."""
    query = group_query(request, ctx, course_key)
    info, members = await run_in_threadpool(membership, ctx.store, query, group)
    size = await run_in_threadpool(members.count, ctx.store)
    return json_response(200, {**info, "size": size, "params": query.echo()})


def _editable(ctx: AppContext, course_key: str, group: str) -> SavedGroup:
    """The saved group ``group``.

    Raises:
        ApiError: 400 for the built-in group, 404 for none.
    """
    if group == AT_RISK:
        raise ApiError(400, "the built-in at-risk group cannot be changed")
    saved = get_group(ctx.store, course_key, group)
    if saved is None:
        raise ApiError(404, f"no group {group!r} in {course_key}")
    return saved


@router.put("/courses/{course_key}/groups/{group}")
async def replace(
    request: Request, ctx: ContextDep, course_key: str, group: str, grant: CourseDep
) -> Response:
    """Replace a custom group's name and filters."""
    await run_in_threadpool(_editable, ctx, course_key, group)
    name, filters = await _definition(request)
    saved = await run_in_threadpool(
        save_group, ctx.store, course_key, name, filters, grant.principal.username, group
    )
    return json_response(200, saved.describe())


@router.delete("/courses/{course_key}/groups/{group}")
async def delete(
    request: Request, ctx: ContextDep, course_key: str, group: str, grant: CourseDep
) -> Response:
    """Delete a custom group; 204."""
    found = await run_in_threadpool(_editable, ctx, course_key, group)
    await run_in_threadpool(delete_group, ctx.store, course_key, found)
    return Response(status_code=204)
