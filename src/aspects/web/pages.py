"""Dashboard pages: the course list (``/``) and the course dashboard (``/courses/{key}/``).

Server-rendered shells (Jinja2); the charts and tables are drawn in the browser from the same
JSON the API serves (STYLE.md 7: the page renders the JSON). The access gate has already checked
the viewer (a signed-in user allowed the course) before these run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from aspects import __version__
from aspects.auth.dependencies import current_principal
from aspects.reports import REPORTS
from aspects.reports.query import QueryError, check_course_key

router = APIRouter()
_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)

# Reports another issue is adding (engagement, content performance): a section appears for
# each one that is registered when the page is asked for, an empty state until then.
ENGAGEMENT = (
    ("engagement-pages", "Pages: learners who viewed each section and subsection"),
    ("engagement-videos", "Videos: learners who watched each section's videos"),
    ("engagement-problems", "Problems: learners who attempted each section's problems"),
    ("video-watchers", "Video watchers: full vs partial views per video"),
)
CONTENT = (
    ("assignment-performance", "Assignments: attempted, correct and attempts per assignment"),
    ("problem-performance", "Problems: attempted, correct and attempts per problem"),
)

# METRICS.md "Operator": drawn from /api/v1/operator/reports/{name} once those exist.
OPERATOR_PLANNED = (
    "Statements per day and hour",
    "Active learners per day, active courses",
    "Last statement and ingest lag",
    "Rejected statements by reason",
    "Storage, and the slowest report queries",
)


def _header(request: Request) -> dict[str, Any]:
    principal = current_principal(request)
    auth = request.app.state.auth
    session = auth.session(request) or {}
    return {
        "user": principal.name or principal.username,
        "operator": principal.is_operator,
        "csrf": auth.signer.csrf_token(str(session.get("sid", ""))),
        "version": __version__,
    }


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """A page from ``templates/``, with the header's values (user, sign-out token)."""
    html = _env.get_template(template).render(**_header(request), **values)
    return HTMLResponse(html, status, headers={"Cache-Control": "no-store"})


@router.get("/", response_class=HTMLResponse)
async def courses_page(request: Request) -> HTMLResponse:
    """The courses the viewer may see, drawn from ``GET /api/v1/courses``."""
    return render(request, "courses.html", title="Courses")


@router.get("/operator", response_class=HTMLResponse)
async def operator_page(request: Request) -> HTMLResponse:
    """The instance view for operators (the gate refuses everyone else).

    Courses and organizations now; health and use charts when the operator reports land.
    """
    return render(request, "operator.html", title="Operator", planned=OPERATOR_PLANNED)


@router.get("/courses/{course_key}/", response_class=HTMLResponse)
async def course_page(request: Request, course_key: str) -> HTMLResponse:
    """The course dashboard: enrollment, engagement, performance, content performance."""
    try:
        check_course_key(course_key)
    except QueryError as exc:
        return render(request, "message.html", 404, title="Not a course", message=str(exc))

    def sections(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
        return [{"name": n, "title": t, "registered": n in REPORTS} for n, t in pairs]

    return render(
        request,
        "course.html",
        title=course_key,
        course_key=course_key,
        video_registered="video-segments" in REPORTS,
        engagement=sections(ENGAGEMENT),
        content=sections(CONTENT),
    )
