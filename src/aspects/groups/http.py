"""What the group and learner routes share: their parameters, a group's members, a learner."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from aspects.context import AppContext
from aspects.groups.learner import learner_story, load_learner
from aspects.groups.members import GroupQuery, member_tallies, resolve
from aspects.groups.roster import Learner
from aspects.groups.summary import summarize
from aspects.web.responses import ApiError


def group_query(request: Request, ctx: AppContext, course_key: str) -> GroupQuery:
    """The request's group parameters (``as_of``, ``inactive_days``, ``tz``, ``grain``).

    Raises:
        QueryError: for a bad value.
    """
    default = ctx.settings.groups.inactive_days
    return GroupQuery.from_params(course_key, request.query_params, default)


async def members_of(
    request: Request, ctx: AppContext, course_key: str, group: str, pii: bool
) -> tuple[GroupQuery, dict[str, Any], list[Learner]]:
    """The request's group parameters, the group's description and its members.

    Raises:
        QueryError: a bad parameter.
        UnknownGroup: no such group in the course.
    """
    query = group_query(request, ctx, course_key)
    info, members = await run_in_threadpool(resolve, ctx.store, query, group, pii)
    return query, info, members


async def summary_of(
    request: Request, ctx: AppContext, course_key: str, group: str
) -> tuple[GroupQuery, dict[str, Any], dict[str, Any]]:
    """The request's group parameters, the group's description and its summary's body.

    Raises:
        QueryError: a bad parameter.
        UnknownGroup: no such group in the course.
    """
    query = group_query(request, ctx, course_key)
    info, tallies = await run_in_threadpool(member_tallies, ctx.store, query, group)
    return query, info, summarize(tallies, query.report.grain)


async def story_of(
    request: Request, ctx: AppContext, course_key: str, learner_id: str, pii: bool
) -> tuple[GroupQuery, Learner, dict[str, Any]]:
    """The request's parameters, the learner and everything their page shows.

    Raises:
        QueryError: a bad parameter.
        ApiError: 404 when the course has no such learner.
    """
    query = group_query(request, ctx, course_key)
    # The story of ``learner_id`` as an anonymous id (how the pages link to learners) is
    # computed while the learner is looked up; it is shown only if that is who they are, and
    # computed again for the learner found by username otherwise.
    found, story = await asyncio.gather(
        run_in_threadpool(load_learner, ctx.store, course_key, learner_id, query.as_of, pii),
        run_in_threadpool(
            learner_story, ctx.store, course_key, learner_id, query.as_of, query.report.tz
        ),
    )
    if found is None:
        raise ApiError(404, f"no learner {learner_id!r} in {course_key}")
    if found.anonymous_id != learner_id:
        story = await run_in_threadpool(
            learner_story, ctx.store, course_key, found.anonymous_id, query.as_of, query.report.tz
        )
    return query, found, story
