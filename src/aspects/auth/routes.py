"""Sign in (local form or the LMS), sign out, and who am I (issue 7)."""

from __future__ import annotations

import hmac
import time
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from aspects.auth.accounts import verify
from aspects.auth.context import AuthContext
from aspects.auth.dependencies import current_principal
from aspects.auth.pages import (
    account_page,
    lms_down_page,
    login_page,
    message_page,
)
from aspects.auth.principal import ANONYMOUS
from aspects.auth.sessions import LOGIN_COOKIE, SESSION_COOKIE, new_id
from aspects.lms.oauth import LmsRefused, LmsUnavailable
from aspects.web.rendering import N_, render, translate

router = APIRouter()
LOGIN_TTL_S = 600  # a sign-in form or an LMS round trip older than this starts over
MAX_FORM_BYTES = 16 * 1024


def _context(request: Request) -> AuthContext:
    context: AuthContext = request.app.state.auth
    return context


def _safe_next(value: str | None) -> str:
    """Only paths on this server (no open redirect to another site)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


def _set_cookie(request: Request, response: Response, name: str, value: str, age: int) -> None:
    mode = _context(request).settings.auth.cookie_secure
    secure = mode == "always" or (mode == "auto" and request.url.scheme == "https")
    response.set_cookie(
        name, value, max_age=age, httponly=True, samesite="lax", secure=secure, path="/"
    )


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return {}
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}


def _fresh_form(request: Request, next_url: str, error: str = "", status: int = 200) -> Response:
    context, login_id = _context(request), new_id()
    response = login_page(request, context.signer.csrf_token(login_id), next_url, error, status)
    _set_cookie(
        request,
        response,
        LOGIN_COOKIE,
        context.signer.dumps(LOGIN_COOKIE, {"lid": login_id}, LOGIN_TTL_S),
        LOGIN_TTL_S,
    )
    return response


def _redirect_uri(request: Request) -> str:
    configured = _context(request).settings.auth.lms.redirect_uri
    return configured or str(request.url_for("lms_callback"))


@router.get("/login")
async def login(request: Request) -> Response:
    """Local mode: the form. LMS mode: off to the LMS's ``/oauth2/authorize/``."""
    context = _context(request)
    next_url = _safe_next(request.query_params.get("next"))
    if context.lms is None:
        return _fresh_form(request, next_url)
    state = new_id()
    response = RedirectResponse(context.lms.authorize_url(_redirect_uri(request), state), 303)
    cookie = context.signer.dumps(LOGIN_COOKIE, {"state": state, "next": next_url}, LOGIN_TTL_S)
    _set_cookie(request, response, LOGIN_COOKIE, cookie, LOGIN_TTL_S)
    return response


@router.post("/login")
async def login_submit(request: Request) -> Response:
    """Check the CSRF token, the rate limit, then the password; start a session."""
    context = _context(request)
    if context.lms is not None:
        return RedirectResponse("/login", 303)
    form = await _form(request)
    next_url = _safe_next(form.get("next"))
    pending = context.signer.loads(LOGIN_COOKIE, request.cookies.get(LOGIN_COOKIE)) or {}
    if not context.signer.check_csrf(str(pending.get("lid", "")), form.get("csrf_token")):
        return _fresh_form(request, next_url, "The form expired; please sign in again.", 403)
    username, password = form.get("username", ""), form.get("password", "")
    keys = (f"ip:{request.client.host if request.client else '?'}", f"user:{username}")
    if context.limiter.blocked(*keys):
        return _fresh_form(request, next_url, "Too many failed sign-ins; wait a few minutes.", 429)
    account = await run_in_threadpool(verify, context.accounts.get(), username, password)
    if account is None:
        context.limiter.fail(*keys)
        return _fresh_form(request, next_url, "Wrong username or password.", 401)
    context.limiter.reset(*keys)
    payload: dict[str, object] = {
        "sid": new_id(),
        "src": "local",
        "u": account.username,
        "fp": account.fingerprint,
    }
    return _start_session(request, payload, context.settings.auth.session_max_age_s, next_url)


def _start_session(
    request: Request, payload: dict[str, object], age: int, next_url: str
) -> Response:
    response = RedirectResponse(next_url, 303)
    _set_cookie(
        request,
        response,
        SESSION_COOKIE,
        _context(request).signer.dumps(SESSION_COOKIE, payload, age),
        age,
    )
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.get("/login/lms/callback", name="lms_callback")
async def lms_callback(request: Request) -> Response:
    """The LMS sends the browser back here with ``code`` and ``state``."""
    context = _context(request)
    if context.lms is None:
        return message_page(request, "Not found", "Sign-in through the LMS is not configured.", 404)
    pending = context.signer.loads(LOGIN_COOKIE, request.cookies.get(LOGIN_COOKIE)) or {}
    state = request.query_params.get("state", "")
    if not state or not hmac.compare_digest(str(pending.get("state", "")), state):
        return message_page(
            request, "Sign-in expired", "Please go to /login and sign in again.", 400
        )
    if "code" not in request.query_params:
        return message_page(request, "Not signed in", "The LMS did not sign you in.", 403)
    try:
        identity = await context.lms.exchange(request.query_params["code"], _redirect_uri(request))
        if not (identity.administrator or identity.superuser):  # proves the LMS answers, too
            await context.courses.courses(context.lms, identity.username, identity.token)
    except LmsUnavailable:
        return lms_down_page(request)
    except LmsRefused as exc:
        return message_page(request, "Not signed in", str(exc), 403)
    age = min(context.settings.auth.session_max_age_s, identity.expires_at - int(time.time()))
    payload = {
        "sid": new_id(),
        "src": "lms",
        "u": identity.username,
        "e": identity.email,
        "n": identity.name,
        "adm": identity.administrator,
        "su": identity.superuser,
        "tok": identity.token,  # re-reads the course list when the cache expires
        "texp": identity.expires_at,
    }
    return _start_session(request, payload, max(age, 1), _safe_next(str(pending.get("next", ""))))


@router.get("/logout")
async def logout_page(request: Request) -> Response:
    """A sign-out button (sign-out is a POST, with the CSRF token)."""
    session = _context(request).session(request)
    if session is None:
        return RedirectResponse("/login", 303)
    return render(request, "sign_out.html", title=translate(request, N_("Sign out")))


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the session (CSRF-checked, so another site cannot sign you out)."""
    context = _context(request)
    session = context.session(request)
    form = await _form(request)
    token = form.get("csrf_token") or request.headers.get("x-csrf-token")
    if session is None or not context.signer.check_csrf(str(session["sid"]), token):
        return message_page(
            request, "Not signed out", "The form expired; reload and try again.", 403
        )
    context.courses.forget(str(session.get("u", "")))
    request.state.principal = ANONYMOUS  # the page after it shows nobody signed in
    response = message_page(request, "Signed out", "You are signed out of Aspects.", 200)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account")
async def account(request: Request) -> Response:
    """Who you are and your courses; says so plainly when you have none."""
    return account_page(request, current_principal(request))


@router.get("/api/v1/me")
async def me(request: Request) -> dict[str, object]:
    """The principal as JSON, with the CSRF token to send as ``X-CSRF-Token`` on writes."""
    session = _context(request).session(request)
    body = current_principal(request).describe()
    if session is not None:
        body["csrf_token"] = _context(request).signer.csrf_token(str(session["sid"]))
    return body
