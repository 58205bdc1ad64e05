"""Sign in with the Open edX LMS: OAuth2 authorization code, a JWT access token, verified.

The LMS side is a django-oauth-toolkit application (``manage.py lms create_dot_application
--grant-type authorization-code``), as operators make for Superset. Requests are built with
Authlib's RFC 6749 helpers; the JWT is verified with joserfc (Authlib's JOSE library) against
the LMS's public signing keys (issue 7: "verify the JWT signature", which the system we
replace skips).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from aspects.settings import LmsAuthSettings

# The LMS signs with RS512 (edx-platform JWT_AUTH); asymmetric algorithms only, so a token
# signed with a public key as an HMAC secret is refused.
ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "EdDSA"]


class LmsUnavailable(Exception):
    """The LMS did not answer, or answered with a server error: no access is granted."""


class LmsRefused(Exception):
    """The LMS refused the code or the token, or the token failed verification."""


@dataclass(frozen=True)
class LmsIdentity:
    """What a verified LMS JWT says about the user."""

    username: str
    email: str
    name: str
    administrator: bool
    superuser: bool
    token: str
    expires_at: int


def load_keys(jwks: str) -> KeySet:
    """The LMS's public keys from the JSON of a JWK set, or from a file holding it."""
    text = jwks if jwks.lstrip().startswith("{") else Path(jwks).read_text()
    data = orjson.loads(text)
    keys = KeySet.import_key_set(data)
    if any(key.is_private for key in keys.keys):
        raise ValueError("ASPECTS_AUTH__LMS__JWKS must hold public keys only")
    return keys


class LmsOAuth:
    """The OAuth2 client of one LMS; ``transport`` lets tests put an LMS stand-in behind it."""

    def __init__(
        self, settings: LmsAuthSettings, transport: httpx.AsyncBaseTransport | None = None
    ):
        self.settings = settings
        self.base = settings.url.rstrip("/")
        self.transport = transport
        self._keys = load_keys(settings.jwks)

    def http(self) -> httpx.AsyncClient:
        """A client for back-channel requests to the LMS."""
        return httpx.AsyncClient(transport=self.transport, timeout=self.settings.timeout_s)

    def authorize_url(self, redirect_uri: str, state: str) -> str:
        """Where the browser goes to sign in (``/oauth2/authorize/``)."""
        return prepare_grant_uri(
            f"{self.base}/oauth2/authorize/",
            self.settings.client_id,
            "code",
            redirect_uri=redirect_uri,
            scope="profile email",
            state=state,
        )

    async def exchange(self, code: str, redirect_uri: str) -> LmsIdentity:
        """Trade the code for a JWT at ``/oauth2/access_token/`` (``token_type=jwt``), verify it.

        Raises:
            LmsUnavailable: the LMS is down or failing.
            LmsRefused: the LMS refused the code, or the token is not valid.
        """
        body = prepare_token_request(
            "authorization_code",
            code=code,
            redirect_uri=redirect_uri,
            client_id=self.settings.client_id,
            client_secret=self.settings.client_secret.get_secret_value(),
            token_type="jwt",  # noqa: S106 - the LMS returns a JWT access token
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        try:
            async with self.http() as client:
                url = f"{self.base}/oauth2/access_token/"
                response = await client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise LmsUnavailable(f"the LMS did not answer: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise LmsUnavailable(f"the LMS answered {response.status_code}")
        if response.status_code != 200:
            raise LmsRefused(f"the LMS refused the sign-in ({response.status_code})")
        token = response.json().get("access_token", "")
        return self.verify(token)

    def verify(self, token: str) -> LmsIdentity:
        """Check the JWT's signature, expiry, issuer (and audience); read who it is for."""
        try:
            decoded = jwt.decode(token, self._keys, algorithms=ALGORITHMS)
            claims: dict[str, Any] = dict(decoded.claims)
            expected: dict[str, Any] = {
                "exp": {"essential": True},
                "iss": {"essential": True, "value": self.settings.issuer or f"{self.base}/oauth2"},
                "preferred_username": {"essential": True},
            }
            if self.settings.audience:
                expected["aud"] = {"essential": True, "value": self.settings.audience}
            jwt.JWTClaimsRegistry(leeway=30, **expected).validate(claims)
        except (JoseError, ValueError) as exc:
            raise LmsRefused(f"the LMS token is not valid: {exc}") from exc
        return LmsIdentity(
            username=str(claims["preferred_username"]),
            email=str(claims.get("email", "")),
            name=str(claims.get("name", "")),
            administrator=claims.get("administrator") is True,
            superuser=claims.get("superuser") is True,
            token=token,
            expires_at=int(claims["exp"]),
        )

    def expired(self, expires_at: int) -> bool:
        """Whether a token that expires at ``expires_at`` is no longer usable."""
        return expires_at <= time.time()
