"""Saving custom groups: create (POST), read, replace (PUT) and delete (DELETE) a definition.

Writes come from signed-in sessions with the CSRF header: the access gate refuses API tokens
(read-only) and session writes without ``X-CSRF-Token`` before these handlers run.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from aspects.auth.dependencies import CourseDep
from aspects.groups.http import error, group_query, json_response, store_of
from aspects.groups.members import UnknownGroup, resolve
from aspects.groups.rules import AT_RISK, FilterError, Filters
from aspects.groups.saved import GroupNameError, check_name, delete_group, get_group, save_group
from aspects.reports.query import QueryError, check_course_key

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


def _refusal(exc: Exception) -> Response:
    if isinstance(exc, FilterError):
        return error(400, str(exc), filter=exc.name)
    return error(400, str(exc), filter="name")


@router.post("/courses/{course_key}/groups")
async def create(request: Request, course_key: str, grant: CourseDep) -> Response:
    """Save a new custom group; 201 with its id."""
    try:
        check_course_key(course_key)
        name, filters = await _definition(request)
    except QueryError as exc:
        return error(400, str(exc))
    except (GroupNameError, FilterError) as exc:
        return _refusal(exc)
    group = await run_in_threadpool(
        save_group, store_of(request), course_key, name, filters, grant.principal.username
    )
    return json_response(201, group.describe())


@router.get("/courses/{course_key}/groups/{group}")
async def read(request: Request, course_key: str, group: str, grant: CourseDep) -> Response:
    """One group's definition and size."""
    try:
        query = group_query(request, course_key)
        info, members = await run_in_threadpool(resolve, store_of(request), query, group, False)
    except UnknownGroup as exc:
        return error(404, str(exc))
    except QueryError as exc:
        return error(400, str(exc))
    return json_response(200, {**info, "size": len(members), "params": query.echo()})


def _editable(request: Request, course_key: str, group: str) -> Any:
    if group == AT_RISK:
        return error(400, "the built-in at-risk group cannot be changed")
    saved = get_group(store_of(request), course_key, group)
    return saved if saved is not None else error(404, f"no group {group!r} in {course_key}")


@router.put("/courses/{course_key}/groups/{group}")
async def replace(request: Request, course_key: str, group: str, grant: CourseDep) -> Response:
    """Replace a custom group's name and filters."""
    found = await run_in_threadpool(_editable, request, course_key, group)
    if isinstance(found, Response):
        return found
    try:
        name, filters = await _definition(request)
    except (GroupNameError, FilterError) as exc:
        return _refusal(exc)
    saved = await run_in_threadpool(
        save_group, store_of(request), course_key, name, filters, grant.principal.username, group
    )
    return json_response(200, saved.describe())


@router.delete("/courses/{course_key}/groups/{group}")
async def delete(request: Request, course_key: str, group: str, grant: CourseDep) -> Response:
    """Delete a custom group; 204."""
    found = await run_in_threadpool(_editable, request, course_key, group)
    if isinstance(found, Response):
        return found
    await run_in_threadpool(delete_group, store_of(request), course_key, found)
    return Response(status_code=204)
