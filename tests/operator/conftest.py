"""A small hand-built instance for the operator reports, read through the real gate.

Two organizations, three courses, four learners and eleven statements, stored in four batches
at chosen times through the one writer (the code path of ``POST /xAPI/statements``, with its
clock set, so ``stored`` is known). Every expected number in tests/operator is worked out
from this table by hand:

====  =====  ======  =========================  =================  =================
 id   actor  course  verb                       timestamp (UTC)    stored (UTC)
====  =====  ======  =========================  =================  =================
 s1   l1     A1      registered, audit          03-01 08:00        03-01 09:00
 s2   l2     A1      registered, verified       03-01 08:30        03-01 09:00
 s3   l1     B1      registered, verified       03-01 08:45        03-01 09:00
 s4   l3     A2      registered, audit          03-02 23:10        03-02 23:30
 s5   l2     A1      video played               03-02 22:00        03-02 23:30
 s6   l2     A1      unregistered               03-05 10:00        03-05 10:15
 s7   l4     B1      registered, audit          03-04 12:00        03-05 10:15
 s8   l1     A1      video played (voided: s11) 03-05 10:05        03-05 10:15
 s9   l3     A2      video played               03-10 11:20        03-10 11:30
 s10  l1     A1      registered, verified       03-10 11:00        03-10 11:30
 s11  l1     —       voided s8                  03-10 11:25        03-10 11:30
====  =====  ======  =========================  =================  =================

All in 2026; March 1 is a Sunday. Reports are asked ``as_of`` 2026-03-10T12:00:00Z.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.auth.files import tokens_path
from aspects.auth.tokens import create_token
from aspects.ingest.statement import prepare
from aspects.ingest.writer import Status, Writer
from aspects.settings import Settings
from aspects.store import Store
from tests.factories import PLAYED, enroll, statement, unenroll, video

A1 = "course-v1:OrgA+A1+2026"
A2 = "course-v1:OrgA+A2+2026"
B1 = "course-v1:OrgB+B1+2026"
AS_OF = "2026-03-10T12:00:00Z"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def at(day: str, clock: str) -> str:
    """``03-01`` + ``08:00`` → an ISO UTC timestamp in March 2026."""
    return f"2026-{day}T{clock}:00+00:00"


def instant(day: str, clock: str) -> datetime:
    """The same as an aware datetime."""
    return datetime.fromisoformat(at(day, clock))


def store_at(
    store: Store, settings: Settings, statements: list[dict[str, Any]], stored: datetime
) -> None:
    """Write statements through the writer as if they arrived at ``stored``."""
    writer = Writer(store, settings.writer, clock=lambda: stored)
    writer.start()
    try:
        statuses = writer.write([prepare(s, stored) for s in statements], "erb")
    finally:
        writer.stop()
    assert statuses == [Status.STORED] * len(statements)


def build_instance(store: Store, settings: Settings) -> dict[str, dict[str, Any]]:
    """Store the table of the module docstring; returns the statements by name."""
    s: dict[str, dict[str, Any]] = {
        "s1": enroll("l1", at("03-01", "08:00"), "audit", course=A1),
        "s2": enroll("l2", at("03-01", "08:30"), "verified", course=A1),
        "s3": enroll("l1", at("03-01", "08:45"), "verified", course=B1),
        "s4": enroll("l3", at("03-02", "23:10"), "audit", course=A2),
        "s5": video("l2", PLAYED, at("03-02", "22:00"), 0.0, course=A1),
        "s6": unenroll("l2", at("03-05", "10:00"), "verified", course=A1),
        "s7": enroll("l4", at("03-04", "12:00"), "audit", course=B1),
        "s8": video("l1", PLAYED, at("03-05", "10:05"), 5.0, course=A1),
        "s9": video("l3", PLAYED, at("03-10", "11:20"), 0.0, course=A2),
        "s10": enroll("l1", at("03-10", "11:00"), "verified", course=A1),
    }
    s["s11"] = statement(
        verb=VOIDED,
        actor="l1",
        ts=at("03-10", "11:25"),
        object={"objectType": "StatementRef", "id": s["s8"]["id"]},
    )
    batches = (
        (("s1", "s2", "s3"), instant("03-01", "09:00")),
        (("s4", "s5"), instant("03-02", "23:30")),
        (("s6", "s7", "s8"), instant("03-05", "10:15")),
        (("s9", "s10", "s11"), instant("03-10", "11:30")),
    )
    for names, stored in batches:
        store_at(store, settings, [s[n] for n in names], stored)
    return s


@pytest.fixture
def operator_client(client: TestClient, settings: Settings) -> TestClient:
    """The app's client with an operator API token for every course, as global staff have.

    LRS requests still send their own Basic credentials, which win for that request.
    """
    token = create_token(
        tokens_path(settings), f"ops-{uuid.uuid4().hex[:8]}", courses=None, operator=True
    )
    client.headers["Authorization"] = f"Bearer {token}"
    return client


@pytest.fixture
def instance(store: Store, settings: Settings) -> dict[str, dict[str, Any]]:
    """The hand-built instance of the module docstring, stored."""
    return build_instance(store, settings)


def report(client: TestClient, name: str, **params: str) -> dict[str, Any]:
    """An operator report's JSON answer, after checking it is 200."""
    response = client.get(f"/api/v1/operator/reports/{name}", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def table(client: TestClient, name: str, columns: str, **params: str) -> list[tuple[Any, ...]]:
    """The rows of an operator report as tuples of ``columns`` (comma-separated names)."""
    names = [c.strip() for c in columns.split(",")]
    return [tuple(row[c] for c in names) for row in report(client, name, **params)["rows"]]


def nonzero(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows of a filled series whose counts are not all zero."""
    return [row for row in rows if any(row[1:])]
