"""Local accounts for installs without an LMS (issue 7: ``aspects user add``), bcrypt-hashed."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bcrypt

from aspects.auth.files import now, read_json, write_json
from aspects.auth.principal import Kind, Principal


@dataclass(frozen=True)
class Account:
    """One local account, with its bcrypt hash (never the password)."""

    username: str
    bcrypt: str
    operator: bool
    courses: tuple[str, ...]
    created: str
    # May see learners' names, usernames and e-mails (``user add --no-pii``: anonymous ids only).
    pii: bool = True

    @property
    def fingerprint(self) -> str:
        """Changes with the password: a new password ends the sessions made with the old."""
        return hashlib.sha256(self.bcrypt.encode()).hexdigest()[:16]

    def principal(self) -> Principal:
        """What this account may read: operators every course, others their ``--course`` list."""
        return Principal(
            Kind.SESSION,
            username=self.username,
            is_operator=self.operator,
            courses=None if self.operator else frozenset(self.courses),
            pii=self.pii,  # course staff see their learners, unless made with --no-pii
            source="local",
        )


def parse_accounts(data: dict[str, Any]) -> dict[str, Account]:
    """The accounts of a users file's JSON."""
    return {
        name: Account(
            name,
            entry["bcrypt"],
            bool(entry.get("operator")),
            tuple(entry.get("courses", ())),
            entry.get("created", ""),
            bool(entry.get("pii", True)),  # files written before the flag: staff, with PII
        )
        for name, entry in data.get("users", {}).items()
    }


def add_account(
    path: Path,
    username: str,
    password: str,
    *,
    operator: bool = False,
    courses: Iterable[str] = (),
    pii: bool = True,
    rounds: int = 12,
) -> bool:
    """Add a local account or replace its password and grants. Returns True when new.

    ``rounds`` is bcrypt's cost; tests lower it, deployments keep the default.
    """
    if not username or any(c.isspace() for c in username):
        raise ValueError("a username must be non-empty and contain no spaces")
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    data = read_json(path)
    users = data.setdefault("users", {})
    new = username not in users
    users[username] = {
        "bcrypt": bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode(),
        "operator": operator,
        "courses": sorted(set(courses)),
        "pii": pii,
        "created": now(),
    }
    write_json(path, data)
    return new


def list_accounts(path: Path) -> list[Account]:
    """Every local account, by username."""
    return sorted(parse_accounts(read_json(path)).values(), key=lambda a: a.username)


def remove_account(path: Path, username: str) -> bool:
    """Remove a local account (its sessions end at their next request)."""
    data = read_json(path)
    found = data.get("users", {}).pop(username, None) is not None
    if found:
        write_json(path, data)
    return found


@functools.cache
def _dummy_hash() -> bytes:
    # Checked when the username is unknown, so a wrong username costs as long as a wrong
    # password (no user enumeration by timing).
    return bcrypt.hashpw(b"not-a-password", bcrypt.gensalt())


def verify(accounts: dict[str, Account], username: str, password: str) -> Account | None:
    """The account when the password is right, else None."""
    account = accounts.get(username)
    hashed = account.bcrypt.encode() if account else _dummy_hash()
    ok = bcrypt.checkpw(password.encode(), hashed)
    return account if ok and account else None
