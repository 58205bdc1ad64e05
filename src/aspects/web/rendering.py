"""Rendering the dashboard pages: templates in the viewer's language, the header, the 404 page.

Used by the page routes (:mod:`aspects.web.pages`, :mod:`aspects.web.learner_pages`); text is
marked for the gettext catalogue (issue 6: ``{{ _("…") }}`` in templates, ``N_`` in Python).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

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
