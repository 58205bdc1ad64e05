"""API tokens for scripts and monitoring (issue 7: ``aspects api-token``), SHA-256-hashed.

Tokens are 256-bit random strings, for which a SHA-256 hash is enough (as for LRS keys). They
live in their own file with their own prefix: an LRS key is never an API token, and an API
token is never accepted by the LRS, which reads only the LRS credentials file.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aspects.auth.files import now, read_json, write_json
from aspects.auth.principal import Kind, Principal

TOKEN_PREFIX = "aspt_"  # noqa: S105 - a prefix, not a secret


@dataclass(frozen=True)
class ApiToken:
    """One API token, without its secret."""

    name: str
    sha256: str
    courses: tuple[str, ...] | None  # None: every course
    operator: bool
    pii: bool
    created: str

    def principal(self) -> Principal:
        """What this token may read."""
        return Principal(
            Kind.TOKEN,
            username=self.name,
            is_operator=self.operator,
            courses=None if self.courses is None else frozenset(self.courses),
            pii=self.pii,
            source="token",
        )


def parse_tokens(data: dict[str, Any]) -> dict[str, ApiToken]:
    """The tokens of a tokens file's JSON, by name."""
    out = {}
    for name, entry in data.get("tokens", {}).items():
        courses = entry.get("courses")
        out[name] = ApiToken(
            name,
            entry["sha256"],
            None if courses is None else tuple(courses),
            bool(entry.get("operator")),
            bool(entry.get("pii")),
            entry.get("created", ""),
        )
    return out


def create_token(
    path: Path,
    name: str,
    *,
    courses: Iterable[str] | None,
    operator: bool = False,
    pii: bool = False,
) -> str:
    """Create a token; returns it (shown once, stored hashed). ``courses=None``: all courses."""
    data = read_json(path)
    tokens = data.setdefault("tokens", {})
    if not name or name in tokens:
        raise ValueError(
            f"a token named {name!r} already exists" if name else "a token needs a name"
        )
    chosen = None if courses is None else sorted(set(courses))
    if chosen is not None and not chosen and not operator:
        raise ValueError("give --course KEY (repeatable) or --all-courses")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    tokens[name] = {
        "sha256": hashlib.sha256(token.encode()).hexdigest(),
        "courses": chosen,
        "operator": operator,
        "pii": pii,
        "created": now(),
    }
    write_json(path, data)
    return token


def list_tokens(path: Path) -> list[ApiToken]:
    """Every token, by name, without secrets."""
    return sorted(parse_tokens(read_json(path)).values(), key=lambda t: t.name)


def revoke_token(path: Path, name: str) -> bool:
    """Revoke a token; it stops working at once. False when there was none."""
    data = read_json(path)
    found = data.get("tokens", {}).pop(name, None) is not None
    if found:
        write_json(path, data)
    return found


def find_token(tokens: dict[str, ApiToken], presented: str) -> ApiToken | None:
    """The token whose hash matches ``presented``, compared in constant time."""
    digest = hashlib.sha256(presented.encode()).hexdigest()
    match = None
    for token in tokens.values():
        if hmac.compare_digest(token.sha256, digest):
            match = token
    return match
