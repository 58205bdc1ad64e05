"""The gate every HTTP request passes, and the security headers every response gets (issue 7).

The gate finds the route's rule (:mod:`aspects.auth.policy`), resolves the principal once, puts
it on ``request.state.principal`` and refuses what the rule forbids: 401 JSON for the API,
a redirect to ``/login`` for pages, 403 for the wrong course or a non-operator. Routes then use
the same principal (:mod:`aspects.auth.dependencies`) to filter what they return.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aspects.auth.context import AuthContext
from aspects.auth.pages import lms_down_page, message_page
from aspects.auth.policy import Policy, course_key_of, rule_for, tokens_accepted
from aspects.auth.principal import AccessDenied, Kind, require_course, require_operator
from aspects.lms.oauth import LmsUnavailable
from aspects.web.rendering import N_, translate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# OWASP secure headers; scripts and styles from this server only (DESIGN: no CDN), no framing
# (the LMS links to the dashboard; it does not embed it), no referrer leaving the site.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        b"img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self' "
        b"https: http:; frame-ancestors 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class AccessMiddleware:
    """Pure ASGI (request bodies stream through untouched: the LRS takes 20 MB batches)."""

    def __init__(self, app: ASGIApp, context: AuthContext) -> None:
        self.app = app
        self.context = context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, then pass it on with security headers on the response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        refusal = await self._check(scope)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    async def _check(self, scope: Scope) -> Response | None:
        conn = HTTPConnection(scope)
        path, method = scope["path"], scope["method"]
        rule = rule_for(path)
        if rule.policy is Policy.LRS:
            return None  # LRS credentials only, checked by the route; never a session or token
        policy = rule.policy
        if path == "/metrics" and self.context.settings.auth.metrics_public:
            policy = Policy.PUBLIC
        if policy is Policy.PUBLIC:
            return None  # health and sign-in pages answer even when the LMS is down
        try:
            principal = await self.context.principal(conn, tokens=tokens_accepted(path))
        except LmsUnavailable:
            return _refuse(
                rule.api, 503, "the LMS is not answering; no access until it does", scope
            )
        scope.setdefault("state", {})["principal"] = principal
        try:
            if not principal.is_authenticated:
                raise AccessDenied(401, "sign in first")
            if policy is Policy.OPERATOR:
                require_operator(principal)
            elif policy is Policy.COURSE:
                require_course(principal, course_key_of(rule, path) or "")
        except AccessDenied as denied:
            if denied.status == 401 and not rule.api:
                target = path + (
                    f"?{scope['query_string'].decode()}" if scope["query_string"] else ""
                )
                return RedirectResponse(f"/login?next={quote(target, safe='')}", 303)
            return _refuse(rule.api, denied.status, denied.message, scope)
        if method not in SAFE_METHODS:
            if principal.kind is Kind.TOKEN:
                return _refuse(rule.api, 403, "API tokens are read-only", scope)
            session = self.context.session(conn) or {}
            token = conn.headers.get("x-csrf-token")
            if not self.context.signer.check_csrf(str(session.get("sid", "")), token):
                return _refuse(rule.api, 403, "missing or wrong X-CSRF-Token", scope)
        return None


def _refuse(api: bool, status: int, message: str, scope: Scope) -> Response:
    headers = {"WWW-Authenticate": 'Bearer realm="aspects"'} if status == 401 else None
    if api:
        return JSONResponse({"error": message}, status, headers)
    request = Request(scope)
    if status == 503:
        return lms_down_page(request)
    return message_page(
        request,
        translate(request, N_("No access")),
        message,
        status,
        hint=translate(request, _NO_ACCESS_HINT),
    )


_NO_ACCESS_HINT = N_(
    "Course analytics are shown to the staff and instructors of a course. If you should see "
    "it, ask a course admin to add you to the course team in the LMS, or sign in with the "
    "account that is on it."
)


__all__ = ["SECURITY_HEADERS", "AccessMiddleware"]
