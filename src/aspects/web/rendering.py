"""Rendering the dashboard pages: templates in the viewer's language, the header, the 404 page.

Used by the page routes (:mod:`aspects.web.pages`, :mod:`aspects.web.learner_pages`); text is
marked for the gettext catalogue (issue 6: ``{{ _("…") }}`` in templates, ``N_`` in Python).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, cast

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from aspects import __version__
from aspects.auth.dependencies import current_principal
from aspects.reports.query import QueryError, check_course_key
from aspects.web import i18n


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


def _header(request: Request) -> dict[str, Any]:
    principal = current_principal(request)
    auth = request.app.state.auth
    session = auth.session(request) or {}
    return {
        "user": (principal.name or principal.username) if principal.is_authenticated else "",
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
    return message_page(request, translate(request, title), message, 404)


def message_page(
    request: Request, title: str, message: str, status: int, hint: str = ""
) -> HTMLResponse:
    """A page saying one thing (no access, not found, signed out).

    With the header, who is signed in, and the way to their courses or to sign in as someone
    else.
    """
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return render(
        request, "message.html", status, title=title, message=message, hint=hint, here=here
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    """An unknown page path gets the 404 page; the APIs keep their JSON answers."""
    status = getattr(exc, "status_code", 500)
    if status == 404 and request.method == "GET" and not _API.match(request.url.path):
        return message_page(
            request,
            translate(request, N_("Page not found")),
            translate(request, N_("There is no page at this address.")),
            404,
        )
    return await http_exception_handler(request, cast(StarletteHTTPException, exc))


_API = re.compile(r"^/(api|xAPI|metrics|healthz|static)(/|$)")


def install_page_errors(app: FastAPI) -> None:
    """Answer :class:`PageNotFound` and unknown page paths with the 404 page."""
    app.add_exception_handler(PageNotFound, _not_found)
    app.add_exception_handler(StarletteHTTPException, _http_error)
