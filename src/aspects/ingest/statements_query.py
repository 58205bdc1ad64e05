"""Read statements back for GET /xAPI/statements (xAPI 1.0.3 Part 3 §2.1.3)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import orjson
from starlette.datastructures import QueryParams

from aspects.ingest.columns import actor_id
from aspects.ingest.statement import parse_timestamp, parse_uuid
from aspects.models import load_sql
from aspects.store import Store

_FILTERS = ("agent", "verb", "activity", "since", "until", "limit", "ascending")


@dataclass(frozen=True)
class StatementQuery:
    """Validated filters of one GET request, with the continuation cursor."""

    actor_id: str = ""
    verb_id: str = ""
    object_id: str = ""
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    ascending: bool = False
    after_stored: datetime | None = None
    after_id: str = ""
    raw: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_params(cls, params: QueryParams, max_limit: int) -> StatementQuery:
        """Parse the query string; raises ValueError/Rejected on a bad value."""
        agent = params.get("agent")
        actor = ""
        if agent is not None:
            try:
                parsed = orjson.loads(agent)
            except orjson.JSONDecodeError:
                raise ValueError("agent must be a JSON Agent object") from None
            actor = actor_id(parsed) if isinstance(parsed, dict) else ""
            if not actor:
                raise ValueError("agent must identify an Agent (account, mbox…)")
        limit = int(params.get("limit", "0") or 0)
        if limit < 0:
            raise ValueError("limit must be ≥ 0")
        after_stored, after_id = None, ""
        if "cursor" in params:
            stamp, _, after_id = params["cursor"].partition(",")
            after_stored = parse_timestamp(stamp, "cursor")
            after_id = str(parse_uuid(after_id, "cursor"))
        return cls(
            actor_id=actor,
            verb_id=params.get("verb", ""),
            object_id=params.get("activity", ""),
            since=parse_timestamp(params["since"], "since") if "since" in params else None,
            until=parse_timestamp(params["until"], "until") if "until" in params else None,
            limit=min(limit or max_limit, max_limit),
            ascending=params.get("ascending", "false").lower() == "true",
            after_stored=after_stored,
            after_id=after_id,
            raw=tuple((k, v) for k, v in params.items() if k in _FILTERS),
        )


def _utc(value: datetime) -> datetime:
    """ChDB returns naive datetimes for UTC columns."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _with_lrs_fields(event: str, stored: datetime, authority: str, home: str) -> dict[str, Any]:
    """The statement as stored, plus what the LRS sets (stored, authority; §2.4.8, §2.4.9)."""
    statement: dict[str, Any] = orjson.loads(event)
    statement["stored"] = _utc(stored).isoformat()
    if authority:
        statement["authority"] = {
            "objectType": "Agent",
            "account": {"homePage": home, "name": authority},
        }
    statement.setdefault("version", "1.0.0")
    return statement


def find_statement(
    store: Store, statement_id: uuid.UUID, voided: bool, home: str
) -> dict[str, Any] | None:
    """The statement with this id, or None; voided ones only when ``voided`` is asked."""
    rows = store.query(
        load_sql("lrs/statement_by_id"), {"statement_id": statement_id, "voided": voided}
    )
    if not rows:
        return None
    event, stored, authority = rows[0]
    return _with_lrs_fields(event, stored, authority, home)


def find_statements(store: Store, query: StatementQuery, path: str, home: str) -> dict[str, Any]:
    """A StatementResult: ``statements`` and a ``more`` link when there may be more."""
    rows = store.query(
        load_sql("lrs/statements_page"),
        {
            "actor_id": query.actor_id,
            "verb_id": query.verb_id,
            "object_id": query.object_id,
            "since": query.since,
            "until": query.until,
            "ascending": query.ascending,
            "after_stored": query.after_stored,
            "after_id": query.after_id,
            "limit": query.limit + 1,  # one more than a page: is there a next page?
        },
    )
    has_more = len(rows) > query.limit
    rows = rows[: query.limit]
    statements = [_with_lrs_fields(e, s, a, home) for _, e, s, a in rows]
    more = ""
    if has_more:
        last_id, _, last_stored, _ = rows[-1]
        cursor = f"{_utc(last_stored).isoformat()},{last_id}"
        more = f"{path}?{urlencode([*query.raw, ('cursor', cursor)])}"
    return {"statements": statements, "more": more}
