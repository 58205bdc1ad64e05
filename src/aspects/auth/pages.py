"""The few pages of signing in: the login form, messages, the account page (plain HTML)."""

from __future__ import annotations

from html import escape

from starlette.responses import HTMLResponse

from aspects.auth.principal import Principal

_STYLE = (
    "body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}"
    "label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem}"
    "button{margin-top:1rem;padding:.5rem 1.2rem}.error{color:#a00}"
)


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    """A minimal page; ``body`` must already be escaped HTML."""
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)} · '
        f"Aspects</title><style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>"
        f"{body}</body></html>"
    )
    return HTMLResponse(html, status, headers={"Cache-Control": "no-store"})


def message_page(title: str, message: str, status: int) -> HTMLResponse:
    """A page saying one thing (no access, an error)."""
    return page(title, f"<p>{escape(message)}</p>", status)


def lms_down_page() -> HTMLResponse:
    """The LMS is not answering: say so, grant nothing (issue 7)."""
    return message_page(
        "The LMS is not answering",
        "Aspects checks your course permissions with the Open edX LMS, which is not answering "
        "right now. No data is shown until it does; please try again in a few minutes.",
        503,
    )


def login_page(csrf: str, next_url: str, error: str = "", status: int = 200) -> HTMLResponse:
    """The local sign-in form (POST, with its CSRF token)."""
    problem = f'<p class="error">{escape(error)}</p>' if error else ""
    return page(
        "Sign in",
        f'{problem}<form method="post" action="/login">'
        f'<input type="hidden" name="csrf_token" value="{escape(csrf)}">'
        f'<input type="hidden" name="next" value="{escape(next_url)}">'
        '<label for="username">Username</label>'
        '<input id="username" name="username" autocomplete="username" required autofocus>'
        '<label for="password">Password</label><input id="password" name="password" '
        'type="password" autocomplete="current-password" required>'
        '<button type="submit">Sign in</button></form>',
        status,
    )


def logout_form(csrf: str) -> str:
    """A sign-out button (POST with the session's CSRF token)."""
    return (
        f'<form method="post" action="/logout"><input type="hidden" name="csrf_token" '
        f'value="{escape(csrf)}"><button type="submit">Sign out</button></form>'
    )


def account_page(principal: Principal, csrf: str) -> HTMLResponse:
    """Who you are and which courses you may open; a clear "no access" when none (issue 7)."""
    who = escape(principal.name or principal.username)
    if principal.all_courses:
        scope = "<p>You may see every course of this instance.</p>"
    elif principal.courses:
        items = "".join(
            f'<li><a href="/courses/{escape(key)}/">{escape(key)}</a></li>'
            for key in sorted(principal.courses)
        )
        scope = f"<p>Your courses:</p><ul>{items}</ul>"
    else:
        scope = (
            "<p><strong>You have no course access.</strong> Course analytics are for the staff "
            "and instructors of a course; ask a course admin to add you to the course team in "
            "the LMS.</p>"
        )
    return page("Aspects", f"<p>Signed in as {who}.</p>{scope}{logout_form(csrf)}")
