"""Where access data lives in the data directory, and safe JSON files (0600, atomic, reread)."""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

import orjson

from aspects.settings import Settings

T = TypeVar("T")


def users_path(settings: Settings) -> Path:
    """The local accounts file (issue 7: ``aspects user add``)."""
    return settings.auth.users_file or settings.data_dir.resolve() / "users.json"


def tokens_path(settings: Settings) -> Path:
    """The API tokens file.

    Separate from the LRS credentials file on purpose (issue 7: tokens can never write to the
    LRS, LRS credentials can never read reports).
    """
    return settings.auth.tokens_file or settings.data_dir.resolve() / "api-tokens.json"


def audit_path(settings: Settings) -> Path:
    """The audit log of PII exports."""
    return settings.auth.audit_file or settings.data_dir.resolve() / "audit.log"


def session_secret(settings: Settings) -> bytes:
    """The key signing session cookies: the setting, else generated once into the data dir."""
    if settings.auth.session_secret is not None:
        value = settings.auth.session_secret.get_secret_value()
        if len(value) < 32:
            raise ValueError("ASPECTS_AUTH__SESSION_SECRET needs at least 32 characters")
        return value.encode()
    path = settings.data_dir.resolve() / "session-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip().encode()


def now() -> str:
    """The current UTC time, to the second, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_json(path: Path) -> dict[str, Any]:
    """The file's JSON object, or an empty one when it does not exist."""
    return orjson.loads(path.read_bytes()) if path.exists() else {}


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace the file atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


class Watched(Generic[T]):
    """A file parsed once and parsed again when it changes (the CLI edits it while serving)."""

    def __init__(self, path: Path, parse: Callable[[dict[str, Any]], T]) -> None:
        self._path = path
        self._parse = parse
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._value = parse({})

    def get(self) -> T:
        """The parsed content as of now."""
        try:
            stat = self._path.stat()
            stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            stamp = None
        with self._lock:
            if stamp != self._stamp:
                self._value = self._parse(read_json(self._path) if stamp else {})
                self._stamp = stamp
            return self._value
