"""The pages of signing in: the login form, messages and the account page, with the header.

Rendered from the dashboard templates (:mod:`aspects.web.rendering`), so they carry the same
header (who is signed in, the way to your courses, sign out) and language as every page.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from aspects.auth.principal import Principal
from aspects.web.rendering import N_, message_page, render, translate

__all__ = ["account_page", "lms_down_page", "login_page", "message_page"]


def lms_down_page(request: Request) -> HTMLResponse:
    """The LMS is not answering: say so, grant nothing (issue 7)."""
    return message_page(
        request,
        translate(request, N_("The LMS is not answering")),
        translate(
            request,
            N_(
                "Aspects checks your course permissions with the Open edX LMS, which is not "
                "answering right now. No data is shown until it does; please try again in a "
                "few minutes."
            ),
        ),
        503,
    )


def login_page(
    request: Request, csrf: str, next_url: str, error: str = "", status: int = 200
) -> HTMLResponse:
    """The local sign-in form (POST, with its CSRF token)."""
    return render(
        request,
        "login.html",
        status,
        title=translate(request, N_("Sign in")),
        login_csrf=csrf,
        next_url=next_url,
        error=translate(request, error) if error else "",
    )


def account_page(request: Request, principal: Principal) -> HTMLResponse:
    """Who you are and which courses you may open; a clear "no access" when none (issue 7)."""
    return render(
        request,
        "account.html",
        title=translate(request, N_("Your account")),
        all_courses=principal.all_courses,
        courses=sorted(principal.courses or ()),
        pii=principal.pii,
    )
