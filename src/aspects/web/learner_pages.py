"""Learner pages (issue 6): a learner group, the custom-group form, learner search, one learner.

Shells like the course dashboard (:mod:`aspects.web.pages`): the browser draws them from the
group and learner JSON (``/api/v1/courses/{key}/groups/…``, ``…/learners/…``). The access gate
has checked that the viewer may read the course (COURSE policy for ``/courses/{key}/…``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from aspects.groups.http import store_of
from aspects.groups.members import AT_RISK_NAME
from aspects.groups.rules import AT_RISK
from aspects.groups.saved import get_group
from aspects.reports import REPORTS
from aspects.web.pages import N_, not_a_course, render, translate

router = APIRouter()


@router.get("/courses/{course_key}/groups/new", response_class=HTMLResponse)
async def new_group_page(request: Request, course_key: str) -> HTMLResponse:
    """The form that saves a new custom group (``POST …/groups``)."""
    refused = not_a_course(request, course_key)
    if refused is not None:
        return refused
    return render(
        request,
        "group.html",
        title=translate(request, N_("New learner group")),
        course_key=course_key,
        group=None,
    )


@router.get("/courses/{course_key}/groups/{group}", response_class=HTMLResponse)
async def group_page(request: Request, course_key: str, group: str) -> HTMLResponse:
    """A group's learners, breakdowns and reports; custom groups can be edited here."""
    refused = not_a_course(request, course_key)
    if refused is not None:
        return refused
    if group == AT_RISK:
        name, kind = AT_RISK_NAME, "built-in"
    else:
        saved = await run_in_threadpool(get_group, store_of(request), course_key, group)
        if saved is None:
            message = f"There is no learner group {group!r} in {course_key}."
            return render(
                request,
                "message.html",
                404,
                title=translate(request, N_("No such group")),
                message=message,
            )
        name, kind = saved.name, "custom"
    return render(
        request,
        "group.html",
        title=name,
        course_key=course_key,
        group={"id": group, "name": name, "kind": kind},
        reports=set(REPORTS),  # the course reports shown restricted to the group, when installed
    )


@router.get("/courses/{course_key}/learners", response_class=HTMLResponse)
async def learner_search_page(request: Request, course_key: str) -> HTMLResponse:
    """Find a learner by the start of their name, username or e-mail (or anonymous id)."""
    refused = not_a_course(request, course_key)
    if refused is not None:
        return refused
    return render(
        request,
        "learner.html",
        title=translate(request, N_("Find a learner")),
        course_key=course_key,
        learner_id=None,
    )


@router.get("/courses/{course_key}/learners/{learner_id}", response_class=HTMLResponse)
async def learner_page(request: Request, course_key: str, learner_id: str) -> HTMLResponse:
    """One learner: profile, their funnel, answers, watched seconds and activity."""
    refused = not_a_course(request, course_key)
    if refused is not None:
        return refused
    return render(
        request,
        "learner.html",
        title=translate(request, N_("Learner")),
        course_key=course_key,
        learner_id=learner_id,
    )
