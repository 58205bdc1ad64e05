"""Signed session cookies, CSRF tokens and the sign-in rate limit (issue 7).

A cookie is ``base64url(JSON) "." base64url(HMAC-SHA256(secret, JSON))``: anything changed in
it fails the signature and the request is anonymous. Sessions carry an expiry inside the signed
part (the cookie's Max-Age is only a hint to the browser).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections import deque
from typing import Any

import orjson

SESSION_COOKIE = "aspects_session"
LOGIN_COOKIE = "aspects_login"  # CSRF token and OAuth2 state before there is a session


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    """Signs and checks cookie payloads with one secret, per purpose."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, purpose: str, body: bytes) -> bytes:
        return hmac.new(self._secret, purpose.encode() + b"\0" + body, hashlib.sha256).digest()

    def dumps(self, purpose: str, payload: dict[str, Any], max_age_s: int) -> str:
        """A signed cookie value holding ``payload``, valid for ``max_age_s`` seconds."""
        body = orjson.dumps({**payload, "exp": int(time.time()) + max_age_s})
        return f"{_b64(body)}.{_b64(self._mac(purpose, body))}"

    def loads(self, purpose: str, value: str | None) -> dict[str, Any] | None:
        """The payload when the signature is right and it has not expired, else None."""
        if not value or value.count(".") != 1:
            return None
        body_text, mac_text = value.split(".")
        try:
            body, mac = _unb64(body_text), _unb64(mac_text)
        except ValueError:
            return None
        if not hmac.compare_digest(mac, self._mac(purpose, body)):
            return None
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(payload, dict) or payload.get("exp", 0) < time.time():
            return None
        return payload

    def csrf_token(self, session_id: str) -> str:
        """The CSRF token bound to one session (or one pre-login cookie)."""
        return _b64(self._mac("csrf", session_id.encode()))

    def check_csrf(self, session_id: str, presented: str | None) -> bool:
        """Whether ``presented`` is the CSRF token of ``session_id``."""
        return bool(presented) and hmac.compare_digest(self.csrf_token(session_id), str(presented))


def new_id() -> str:
    """A random session (or pre-login) identifier."""
    return secrets.token_urlsafe(18)


class RateLimiter:
    """At most ``limit`` failures per key within ``window_s`` seconds.

    Keys are per address and per username, so neither one address nor many can guess one
    password at speed.
    """

    def __init__(self, limit: int, window_s: float) -> None:
        self._limit = limit
        self._window = window_s
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, at: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= at - self._window:
            times.popleft()
        return times

    def blocked(self, *keys: str) -> bool:
        """Whether any key has used up its failures."""
        at = time.monotonic()
        return any(len(self._recent(k, at)) >= self._limit for k in keys)

    def fail(self, *keys: str) -> None:
        """Count one failure against every key."""
        at = time.monotonic()
        for key in keys:
            self._recent(key, at).append(at)
        if len(self._failures) > 100_000:  # bounded memory under a spray of usernames
            self._failures.clear()

    def reset(self, *keys: str) -> None:
        """Forget the failures of these keys (after a good sign-in)."""
        for key in keys:
            self._failures.pop(key, None)
