"""LRS credentials: HTTP Basic users (bcrypt) and Bearer keys (SHA-256), in one JSON file.

The file lives in the data directory, so ``aspects lrs-user`` works whether or not a server is
running; the server rereads it when it changes. Keys are 256-bit random tokens, for which a
SHA-256 hash is enough; passwords are chosen by people and get bcrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import bcrypt
import orjson

KEY_PREFIX = "aspk_"


@dataclass(frozen=True)
class Credential:
    """One entry of the credentials file, without its secret."""

    name: str
    kind: str  # "basic" or "bearer"
    created: str


def _read(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    if not path.exists():
        return {"users": {}, "keys": {}}
    data = orjson.loads(path.read_bytes())
    data.setdefault("users", {})
    data.setdefault("keys", {})
    return data


def _write(path: Path, data: dict[str, dict[str, dict[str, str]]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def add_user(path: Path, username: str, password: str, rounds: int = 12) -> bool:
    """Add a Basic user or change its password. Returns True when the user is new.

    ``rounds`` is bcrypt's cost; tests lower it, deployments keep the default.
    """
    if not username or ":" in username:
        raise ValueError("a username must be non-empty and contain no ':'")
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    data = _read(path)
    new = username not in data["users"]
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()
    data["users"][username] = {"bcrypt": hashed, "created": _now()}
    _write(path, data)
    return new


def issue_key(path: Path, name: str) -> str:
    """Create a Bearer key called ``name``; returns the key (shown once, stored hashed)."""
    data = _read(path)
    if not name or name in data["keys"]:
        raise ValueError(f"a key named {name!r} already exists" if name else "a key needs a name")
    token = KEY_PREFIX + secrets.token_urlsafe(32)
    data["keys"][name] = {"sha256": hashlib.sha256(token.encode()).hexdigest(), "created": _now()}
    _write(path, data)
    return token


def list_credentials(path: Path) -> list[Credential]:
    """Every user and key, without secrets."""
    data = _read(path)
    users = [Credential(n, "basic", e.get("created", "")) for n, e in data["users"].items()]
    keys = [Credential(n, "bearer", e.get("created", "")) for n, e in data["keys"].items()]
    return sorted(users + keys, key=lambda c: (c.kind, c.name))


def remove(path: Path, name: str) -> bool:
    """Remove the user or key called ``name``. Returns False when there was none."""
    data = _read(path)
    found = data["users"].pop(name, None) is not None
    found = data["keys"].pop(name, None) is not None or found
    if found:
        _write(path, data)
    return found


class Authenticator:
    """Checks ``Authorization`` headers against the credentials file, rereading it on change."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._data: dict[str, dict[str, dict[str, str]]] = {"users": {}, "keys": {}}
        # bcrypt costs ~0.2 s; a verified (user, password) is remembered by its SHA-256.
        self._verified: dict[str, str] = {}

    def _refresh(self) -> None:
        try:
            stat = self._path.stat()
            stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp:
            self._data = _read(self._path) if stamp else {"users": {}, "keys": {}}
            self._verified = {}
            self._stamp = stamp

    def authenticate(self, header: str | None) -> str | None:
        """The credential name for a valid Basic or Bearer header, else None."""
        if not header:
            return None
        scheme, _, value = header.partition(" ")
        value = value.strip()
        with self._lock:
            self._refresh()
            if scheme.lower() == "bearer":
                return self._bearer(value)
            if scheme.lower() == "basic":
                return self._basic(value)
        return None

    def _bearer(self, token: str) -> str | None:
        digest = hashlib.sha256(token.encode()).hexdigest()
        for name, entry in self._data["keys"].items():
            if hmac.compare_digest(entry["sha256"], digest):
                return name
        return None

    def _basic(self, value: str) -> str | None:
        try:
            decoded = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        username, sep, password = decoded.partition(":")
        if not sep:
            return None
        memo = hashlib.sha256(decoded.encode()).hexdigest()
        if memo in self._verified:
            return self._verified[memo]
        entry = self._data["users"].get(username)
        if entry is None or not bcrypt.checkpw(password.encode(), entry["bcrypt"].encode()):
            return None
        self._verified[memo] = username
        return username
