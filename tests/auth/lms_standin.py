"""A small stand-in for the Open edX LMS, following the real endpoints and payloads exactly.

What it copies from edx-platform (the parts Aspects calls):

- ``POST /oauth2/access_token/`` (django-oauth-toolkit, with edx's ``token_type=jwt``): a form
  with ``grant_type=authorization_code``, ``code``, ``redirect_uri``, client credentials (HTTP
  Basic or form); answers ``{"access_token": <JWT>, "token_type": "JWT", "expires_in",
  "scope", "refresh_token"}``; a bad code is ``400 {"error": "invalid_grant"}``.
- The JWT (edx ``create_jwt_for_user``): signed RS512 with the LMS's private JWK (``kid``),
  claims ``iss`` (``{LMS}/oauth2``), ``aud``, ``exp``, ``iat``, ``preferred_username``,
  ``email``, ``name``, ``administrator``, ``superuser``, ``scopes``, ``version``.
- ``GET /api/courses/v1/courses/?permissions=staff&username=U`` with ``Authorization: JWT …``
  (course API v1, ``NamespacedPageNumberPagination``): ``{"results": [{"id", "course_id",
  "name", "org", "number", …}], "pagination": {"next", "previous", "count", "num_pages"}}``,
  ``next`` an absolute URL or null; 401 for a missing, bad or expired token.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

LMS_URL = "http://lms.test"
CLIENT_ID, CLIENT_SECRET = "aspects-sso", "aspects-sso-secret"
AUDIENCE = "openedx"
PAGE_SIZE = 2  # small pages so tests cross page boundaries


@dataclass
class User:
    username: str
    email: str
    name: str
    administrator: bool = False
    superuser: bool = False
    staff_of: list[str] = field(default_factory=list)


@dataclass
class LmsStandIn:
    """The LMS's state: users, pending codes, its signing key; ``down`` makes it unreachable."""

    users: dict[str, User] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "lms-1"}))
    token_lifetime_s: int = 3600
    down: bool = False
    course_requests: int = 0

    def public_jwks(self) -> str:
        """The JSON of the LMS's JWT_PUBLIC_SIGNING_JWK_SET."""
        import json

        return json.dumps(KeySet([self.key]).as_dict(private=False))

    def authorize(self, username: str) -> str:
        """What ``/oauth2/authorize/`` does once the user has signed in: a one-time code."""
        code = f"code-{username}-{len(self.codes)}"
        self.codes[code] = username
        return code

    def jwt_for(self, user: User, expires_in: int | None = None, key: RSAKey | None = None) -> str:
        now = int(time.time())
        claims = {
            "iss": f"{LMS_URL}/oauth2",
            "aud": AUDIENCE,
            "exp": now + (self.token_lifetime_s if expires_in is None else expires_in),
            "iat": now,
            "sub": f"anon-{user.username}",
            "preferred_username": user.username,
            "email": user.email,
            "name": user.name,
            "administrator": user.administrator,
            "superuser": user.superuser,
            "scopes": ["profile", "email"],
            "version": "1.2.0",
        }
        return jwt.encode(
            {"alg": "RS512", "kid": "lms-1"}, claims, key or self.key, algorithms=["RS512"]
        )

    async def access_token(self, request: Request) -> JSONResponse:
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        client = (form.get("client_id"), form.get("client_secret"))
        basic = request.headers.get("authorization", "")
        if basic.startswith("Basic "):
            client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
            client = (client_id, secret)
        if client != (CLIENT_ID, CLIENT_SECRET):
            return JSONResponse({"error": "invalid_client"}, 401)
        username = self.codes.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or username is None:
            return JSONResponse({"error": "invalid_grant"}, 400)
        assert form.get("token_type", "").lower() == "jwt"  # Aspects asks for a JWT
        return JSONResponse(
            {
                "access_token": self.jwt_for(self.users[username]),
                "token_type": "JWT",
                "expires_in": self.token_lifetime_s,
                "scope": "profile email",
                "refresh_token": "refresh-" + username,
            }
        )

    async def courses(self, request: Request) -> JSONResponse:
        self.course_requests += 1
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        try:
            claims = jwt.decode(token, self.key, algorithms=["RS512"]).claims
            jwt.JWTClaimsRegistry(exp={"essential": True}).validate(claims)
        except (JoseError, ValueError):
            return JSONResponse({"detail": "Authentication credentials were not provided."}, 401)
        if scheme != "JWT":
            return JSONResponse({"detail": "Authentication credentials were not provided."}, 401)
        params = request.query_params
        user = self.users.get(params.get("username", ""))
        keys = user.staff_of if user and params.get("permissions") == "staff" else []
        page = int(params.get("page", "1"))
        chunk = keys[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        pages = max(1, -(-len(keys) // PAGE_SIZE))
        query = {k: v for k, v in params.items() if k != "page"}
        nxt = (
            f"{LMS_URL}/api/courses/v1/courses/?{urlencode({**query, 'page': page + 1})}"
            if page < pages
            else None
        )
        results = [_course(key) for key in chunk]
        return JSONResponse(
            {
                "results": results,
                "pagination": {
                    "next": nxt,
                    "previous": None,
                    "count": len(keys),
                    "num_pages": pages,
                },
            }
        )

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/oauth2/access_token/", self.access_token, methods=["POST"]),
                Route("/api/courses/v1/courses/", self.courses),
            ]
        )

    def transport(self) -> httpx.AsyncBaseTransport:
        """The LMS as Aspects' back channel reaches it; raises ConnectError while ``down``."""
        inner = httpx.ASGITransport(app=self.app())
        standin = self

        class Transport(httpx.AsyncBaseTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                if standin.down:
                    raise httpx.ConnectError("connection refused", request=request)
                return await inner.handle_async_request(request)

        return Transport()


def _course(key: str) -> dict[str, Any]:
    org, number, run = key.removeprefix("course-v1:").split("+")
    return {
        "id": key,
        "course_id": key,
        "name": f"Course {number}",
        "org": org,
        "number": number,
        "start": "2026-01-01T00:00:00Z",
        "pacing": "instructor",
    }
