"""Dashboard pages: the course list (``/``), the course dashboard and the operator view.

Server-rendered shells (Jinja2); the charts and tables are drawn in the browser from the same
JSON the API serves (STYLE.md 7: the page renders the JSON). The access gate has already checked
the viewer (a signed-in user allowed the course) before these run.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from aspects import __version__
from aspects.auth.dependencies import current_principal
from aspects.reports.query import QueryError, check_course_key
from aspects.web import i18n

router = APIRouter()


@lru_cache(maxsize=16)
def _environment(locale_dir: Path, lang: str | None) -> Environment:
    """Templates with the catalogue of ``lang`` (issue 6: text marked ``{{ _("…") }}``)."""
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def N_(message: str) -> str:
    """Mark text for the catalogue, translated later by ``translate`` (gettext's ``N_``)."""
    return message


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


def _language(request: Request) -> str | None:
    return i18n.choose(request.headers.get("accept-language"), i18n.languages())


def translate(request: Request, message: str) -> str:
    """``message`` (marked ``N_``) in the viewer's language, the one ``render`` uses.

    Done here rather than with the templates' ``_`` on a variable: titles that are data (a
    course key, a group's name) are passed the same way and must not be looked up.
    """
    return i18n.translations(_language(request)).gettext(message)


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """A page from ``templates/`` in the viewer's language, with the header's values."""
    lang = _language(request)
    html = (
        _environment(i18n.LOCALE_DIR, lang)
        .get_template(template)
        .render(
            **_header(request),
            lang=(lang or "en").replace("_", "-"),
            script_messages=i18n.script_messages(lang),
            **values,
        )
    )
    return HTMLResponse(html, status, headers={"Cache-Control": "no-store"})


class PageNotFound(Exception):
    """A page's path names nothing: answered with the 404 page (:func:`install_page_errors`)."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(message)
        self.title = title
        self.message = message


def page_course(course_key: str) -> str:
    """Dependency of every ``/courses/{course_key}/…`` page: the key, when it is one.

    Raises:
        PageNotFound: "Not a course", with what a course key looks like.
    """
    try:
        return check_course_key(course_key)
    except QueryError as exc:
        raise PageNotFound(N_("Not a course"), str(exc)) from None


CoursePage = Annotated[str, Depends(page_course)]


def _not_found(request: Request, exc: Exception) -> HTMLResponse:
    title, message = (exc.title, exc.message) if isinstance(exc, PageNotFound) else ("", "")
    return render(request, "message.html", 404, title=translate(request, title), message=message)


def install_page_errors(app: FastAPI) -> None:
    """Answer :class:`PageNotFound` with the 404 page in the viewer's language."""
    app.add_exception_handler(PageNotFound, _not_found)


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
async def course_page(request: Request, course_key: CoursePage) -> HTMLResponse:
    """The course dashboard: enrollment, engagement, performance, content performance."""

    def sections(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
        return [{"name": n, "title": translate(request, t)} for n, t in pairs]

    return render(
        request,
        "course.html",
        title=course_key,
        course_key=course_key,
        engagement=sections(ENGAGEMENT),
        content=sections(CONTENT),
    )
