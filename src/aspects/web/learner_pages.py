"""Learner pages (issue 6): a learner group, the custom-group form, learner search, one learner.

Shells like the course dashboard (:mod:`aspects.web.pages`): the browser draws them from the
group and learner JSON (``/api/v1/courses/{key}/groups/…``, ``…/learners/…``). The access gate
has checked that the viewer may read the course (COURSE policy for ``/courses/{key}/…``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from aspects.context import ContextDep
from aspects.groups.members import AT_RISK_NAME
from aspects.groups.rules import AT_RISK
from aspects.groups.saved import get_group
from aspects.web.rendering import N_, CoursePage, PageNotFound, render, translate

router = APIRouter()


@router.get("/courses/{course_key}/groups/new", response_class=HTMLResponse)
async def new_group_page(request: Request, course_key: CoursePage) -> HTMLResponse:
    """The form that saves a new custom group (``POST …/groups``)."""
    return render(
        request,
        "group.html",
        title=translate(request, N_("New learner group")),
        course_key=course_key,
        group=None,
    )


@router.get("/courses/{course_key}/groups/{group}", response_class=HTMLResponse)
async def group_page(
    request: Request, ctx: ContextDep, course_key: CoursePage, group: str
) -> HTMLResponse:
    """A group's learners, breakdowns and reports; custom groups can be edited here."""
    if group == AT_RISK:
        name, kind = AT_RISK_NAME, "built-in"
    else:
        saved = await run_in_threadpool(get_group, ctx.store, course_key, group)
        if saved is None:
            message = f"There is no learner group {group!r} in {course_key}."
            raise PageNotFound(N_("No such group"), message)
        name, kind = saved.name, "custom"
    return render(
        request,
        "group.html",
        title=name,
        course_key=course_key,
        group={"id": group, "name": name, "kind": kind},
    )


@router.get("/courses/{course_key}/learners", response_class=HTMLResponse)
async def learner_search_page(request: Request, course_key: CoursePage) -> HTMLResponse:
    """Find a learner by the start of their name, username or e-mail (or anonymous id)."""
    return render(
        request,
        "learner.html",
        title=translate(request, N_("Find a learner")),
        course_key=course_key,
        learner_id=None,
    )


@router.get("/courses/{course_key}/learners/{learner_id}", response_class=HTMLResponse)
async def learner_page(request: Request, course_key: CoursePage, learner_id: str) -> HTMLResponse:
    """One learner: profile, their funnel, answers, watched seconds and activity."""
    return render(
        request,
        "learner.html",
        title=translate(request, N_("Learner")),
        course_key=course_key,
        learner_id=learner_id,
    )
