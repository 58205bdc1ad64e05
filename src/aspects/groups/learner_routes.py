"""One learner: ``/api/v1/courses/{course_key}/learners/{id}`` and ``…/learners?q=`` search.

Without PII permission a learner is found by anonymous id only, and shown without name,
username or e-mail (METRICS.md: names appear only to users allowed to see the course's learners).
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from aspects.auth.dependencies import CourseDep
from aspects.groups.http import error, group_query, json_response, store_of
from aspects.groups.learner import learner_story
from aspects.groups.roster import COLUMNS, Learner, actors_named, load_roster
from aspects.groups.rules import is_at_risk
from aspects.reports.output import cell
from aspects.reports.query import QueryError
from aspects.store import Store

router = APIRouter()
SEARCH_LIMIT = 20


def _matches(learner: Learner, prefix: str, pii: bool) -> bool:
    fields = [learner.anonymous_id]
    if pii:
        fields += [learner.name, learner.username, learner.email]
        fields += learner.name.split()  # a last name finds the learner too
    return any(value.lower().startswith(prefix) for value in fields if value)


def find_learner(roster: list[Learner], learner_id: str, pii: bool) -> Learner | None:
    """The learner with this anonymous id, else (with PII permission) this username."""
    found = next((r for r in roster if r.anonymous_id == learner_id), None)
    if found is None and pii:
        found = next((r for r in roster if r.username and r.username == learner_id), None)
    return found


def load_learner(
    store: Store, course_key: str, learner_id: str, as_of: datetime, pii: bool
) -> Learner | None:
    """One learner (see :func:`find_learner`), reading only their rows, not the whole roster."""
    ids = [learner_id] + (actors_named(store, learner_id) if pii else [])
    return find_learner(load_roster(store, course_key, as_of, pii, ids), learner_id, pii)


@router.get("/courses/{course_key}/learners")
async def search(request: Request, course_key: str, grant: CourseDep) -> Response:
    """Learners whose name, username or e-mail (or anonymous id) starts with ``q``."""
    prefix = (request.query_params.get("q") or "").strip().lower()
    try:
        query = group_query(request, course_key)
    except QueryError as exc:
        return error(400, str(exc))
    if not prefix:
        return error(400, "give 'q': the start of a name, username, e-mail or anonymous id")
    roster = await run_in_threadpool(
        load_roster, store_of(request), course_key, query.as_of, grant.pii
    )
    found = [r for r in roster if _matches(r, prefix, grant.pii)][:SEARCH_LIMIT]
    return json_response(
        200,
        {
            "course_key": course_key,
            "q": prefix,
            "pii": grant.pii,
            "columns": list(COLUMNS),
            "rows": [{k: cell(v) for k, v in r.row().items()} for r in found],
        },
    )


@router.get("/courses/{course_key}/learners/{learner_id}")
async def learner(request: Request, course_key: str, learner_id: str, grant: CourseDep) -> Response:
    """One learner's profile, funnel, answers, watched seconds and time line."""
    try:
        query = group_query(request, course_key)
    except QueryError as exc:
        return error(400, str(exc))
    store = store_of(request)
    found = await run_in_threadpool(
        load_learner, store, course_key, learner_id, query.as_of, grant.pii
    )
    if found is None:
        return error(404, f"no learner {learner_id!r} in {course_key}")
    story = await run_in_threadpool(
        learner_story, store, course_key, found, query.as_of, query.report.tz
    )
    profile = {k: cell(v) for k, v in found.row().items()}
    profile.update(
        current=found.current,
        engaged=found.engaged,
        at_risk=is_at_risk(found, query.as_of, query.inactive_days),
    )
    return json_response(
        200,
        {
            "course_key": course_key,
            "params": query.echo(),
            "pii": grant.pii,
            "profile": profile,
            **story,
        },
    )
