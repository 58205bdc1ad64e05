"""One learner: ``/api/v1/courses/{course_key}/learners/{id}`` and ``…/learners?q=`` search.

Without PII permission a learner is found by anonymous id only, and shown without name,
username or e-mail (METRICS.md: names appear only to users allowed to see the course's learners).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from aspects.auth.dependencies import CourseDep
from aspects.context import ContextDep
from aspects.groups.http import group_query, story_of
from aspects.groups.members import GroupQuery, Members, condition_of
from aspects.groups.roster import COLUMNS, Learner, load_roster
from aspects.store import Store
from aspects.web.responses import ApiError, json_response, table

router = APIRouter()
SEARCH_LIMIT = 20


def _matches(learner: Learner, prefix: str, pii: bool) -> bool:
    fields = [learner.anonymous_id]
    if pii:
        fields += [learner.name, learner.username, learner.email]
        fields += learner.name.split()  # a last name finds the learner too
    return any(value.lower().startswith(prefix) for value in fields if value)


def _at_risk(store: Store, query: GroupQuery, actor_id: str) -> bool:
    return Members.of(store, query, condition_of(None, query)).contains(store, actor_id)


@router.get("/courses/{course_key}/learners")
async def search(request: Request, ctx: ContextDep, course_key: str, grant: CourseDep) -> Response:
    """Learners whose name, username or e-mail (or anonymous id) starts with ``q``."""
    prefix = (request.query_params.get("q") or "").strip().lower()
    query = group_query(request, ctx, course_key)
    if not prefix:
        raise ApiError(400, "give 'q': the start of a name, username, e-mail or anonymous id")
    roster = await run_in_threadpool(load_roster, ctx.store, course_key, query.as_of, grant.pii)
    found = [r for r in roster if _matches(r, prefix, grant.pii)][:SEARCH_LIMIT]
    extra = {"course_key": course_key, "q": prefix, "pii": grant.pii}
    return table(COLUMNS, (r.row() for r in found), False, "learners", extra)


@router.get("/courses/{course_key}/learners/{learner_id}")
async def learner(
    request: Request, ctx: ContextDep, course_key: str, learner_id: str, grant: CourseDep
) -> Response:
    """One learner's profile, funnel, answers, watched seconds and time line."""
    query, found, story = await story_of(request, ctx, course_key, learner_id, grant.pii)
    profile: dict[str, Any] = found.row()
    profile.update(
        current=found.current,
        engaged=found.engaged,
        at_risk=await run_in_threadpool(_at_risk, ctx.store, query, found.anonymous_id),
    )
    body = {"course_key": course_key, "params": query.echo(), "pii": grant.pii}
    return json_response(200, {**body, "profile": profile, **story})
