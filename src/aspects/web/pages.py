"""Dashboard pages: the course list (``/``), the course dashboard and the operator view.

Server-rendered shells (Jinja2); the charts and tables are drawn in the browser from the same
JSON the API serves (STYLE.md 7: the page renders the JSON). The access gate has already checked
the viewer (a signed-in user allowed the course) before these run.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from aspects.context import ContextDep
from aspects.reports.courses import course_name
from aspects.web.rendering import N_, CoursePage, render, translate

router = APIRouter()


# The dashboard's engagement and content-performance sections: one per report, in order.
ENGAGEMENT = (
    ("engagement-pages", N_("Pages: learners who viewed each section and subsection")),
    ("engagement-videos", N_("Videos: learners who watched each section's videos")),
    ("engagement-problems", N_("Problems: learners who attempted each section's problems")),
    ("video-watchers", N_("Video watchers: full vs partial views per video")),
)
CONTENT = (
    ("assignment-performance", N_("Assignments: attempted, correct and attempts per assignment")),
    ("problem-performance", N_("Problems: attempted, correct and attempts per problem")),
)


@router.get("/", response_class=HTMLResponse)
async def courses_page(request: Request) -> HTMLResponse:
    """The courses the viewer may see, drawn from ``GET /api/v1/courses``."""
    return render(request, "courses.html", title=translate(request, N_("Courses")))


@router.get("/operator", response_class=HTMLResponse)
async def operator_page(request: Request) -> HTMLResponse:
    """The instance view for operators; the gate refuses everyone else.

    Health, use, enrollment, courses and organizations, from the operator reports.
    """
    title = translate(request, N_("Operator"))
    return render(request, "operator.html", title=title)


@router.get("/courses/{course_key}/", response_class=HTMLResponse)
def course_page(request: Request, course_key: CoursePage, context: ContextDep) -> HTMLResponse:
    """The course dashboard: enrollment, engagement, performance, content performance.

    Headed by the course's name from the LMS (the gate has let the viewer in to this course).
    """

    def sections(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
        return [{"name": n, "title": translate(request, t)} for n, t in pairs]

    name = course_name(context.store, course_key)
    return render(
        request,
        "course.html",
        title=name or course_key,
        course_key=course_key,
        course_name=name or course_key,
        engagement=sections(ENGAGEMENT),
        content=sections(CONTENT),
    )
