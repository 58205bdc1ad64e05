"""Validate one xAPI statement as a list of named steps and prepare it for the store.

Each step takes the statement (a dict) and returns nothing or raises :class:`Rejected` with a
reason. The rules cite xAPI 1.0.3 Part 2 ("Statements", §2.4.x). Ingest is deliberately lax
where real event-routing-backends traffic needs it (see the corpus README): ``GroupActivity``
objects, activities with no ``id`` and non-HTTP activity ids are accepted.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from aspects.ingest.columns import VOIDED, typed_row
from aspects.ingest.rejections import Reason, Rejected

_IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
_OBJECT_TYPES = {"Activity", "GroupActivity", "Agent", "Group", "StatementRef", "SubStatement"}
# Set by the LRS, so ignored when comparing statements (xAPI 1.0.3 Part 2 §2.3 "Statement
# Comparison Requirements").
_LRS_SET = ("stored", "authority", "version")

Step = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Prepared:
    """A valid statement ready for the store: its JSON and typed columns, parsed once."""

    id: uuid.UUID
    statement: dict[str, Any]
    timestamp: datetime
    digest: int
    event: str
    columns: tuple[Any, ...]


def parse_uuid(value: object, field: str) -> uuid.UUID:
    """A UUID in its canonical form, or a ``bad_id`` rejection naming ``field``."""
    if not isinstance(value, str):
        raise Rejected(field, Reason.BAD_ID, f"{field} must be a UUID string")
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Rejected(field, Reason.BAD_ID, f"{field} is not a UUID: {value[:64]!r}") from None


def parse_timestamp(value: object, field: str = "timestamp") -> datetime:
    """An ISO 8601 date-time as an aware UTC datetime; no zone means UTC (§2.4.7)."""
    if not isinstance(value, str) or "T" not in value.upper():
        raise Rejected(field, Reason.BAD_TIMESTAMP, f"{field} must be an ISO 8601 date-time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise Rejected(
            field, Reason.BAD_TIMESTAMP, f"{field} is not ISO 8601: {value[:64]!r}"
        ) from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _check_agent(agent: object, field: str, missing: Reason, bad: Reason) -> None:
    """An Agent or Group (§2.4.2): an object with an inverse functional identifier."""
    if agent is None:
        raise Rejected(field, missing, f"{field} is required")
    if not isinstance(agent, dict):
        raise Rejected(field, bad, f"{field} must be an object")
    kind = agent.get("objectType", "Agent")
    if kind not in ("Agent", "Group"):
        raise Rejected(f"{field}.objectType", bad, f"{field}.objectType must be Agent or Group")
    ifis = [key for key in _IFIS if key in agent]
    if not ifis:
        if kind == "Group" and isinstance(agent.get("member"), list):
            return  # an anonymous group is identified by its members (§2.4.2.2)
        raise Rejected(field, bad, f"{field} needs one of {', '.join(_IFIS)}")
    if "mbox" in agent and not str(agent["mbox"]).startswith("mailto:"):
        raise Rejected(f"{field}.mbox", bad, "mbox must be a mailto: IRI")
    if "account" in agent:
        account = agent["account"]
        if not isinstance(account, dict) or not isinstance(account.get("name"), str):
            raise Rejected(f"{field}.account", bad, "account must be an object with a name")


def check_is_object(statement: dict[str, Any]) -> None:
    """A statement is a JSON object (§2.2)."""
    if not isinstance(statement, dict):
        raise Rejected("", Reason.NOT_A_STATEMENT, "a statement must be a JSON object")


def check_id(statement: dict[str, Any]) -> None:
    """``id`` is optional; when present it is a UUID (§2.4.1)."""
    if "id" in statement:
        parse_uuid(statement["id"], "id")


def check_actor(statement: dict[str, Any]) -> None:
    """``actor`` is required and is an Agent or Group (§2.4.2)."""
    _check_agent(statement.get("actor"), "actor", Reason.MISSING_ACTOR, Reason.BAD_ACTOR)


def check_verb(statement: dict[str, Any]) -> None:
    """``verb`` is required, with an IRI ``id`` (§2.4.3)."""
    verb = statement.get("verb")
    if verb is None:
        raise Rejected("verb", Reason.MISSING_VERB, "verb is required")
    if not isinstance(verb, dict):
        raise Rejected("verb", Reason.BAD_VERB, "verb must be an object")
    verb_id = verb.get("id")
    if not isinstance(verb_id, str) or ":" not in verb_id:
        raise Rejected("verb.id", Reason.BAD_VERB, "verb.id must be an IRI")
    if "display" in verb and not isinstance(verb["display"], dict):
        raise Rejected("verb.display", Reason.BAD_VERB, "verb.display must be a language map")


def check_object(statement: dict[str, Any]) -> None:
    """``object`` is required (§2.4.4); an Activity may lack an id (lax, ERB sends one)."""
    obj = statement.get("object")
    if obj is None:
        raise Rejected("object", Reason.MISSING_OBJECT, "object is required")
    if not isinstance(obj, dict):
        raise Rejected("object", Reason.BAD_OBJECT, "object must be an object")
    kind = obj.get("objectType", "Activity")
    if kind not in _OBJECT_TYPES:
        raise Rejected("object.objectType", Reason.BAD_OBJECT, f"unknown objectType {kind!r}")
    if kind in ("Agent", "Group"):
        _check_agent(obj, "object", Reason.MISSING_OBJECT, Reason.BAD_OBJECT)
    elif kind == "StatementRef":
        parse_uuid(obj.get("id"), "object.id")
    elif kind == "SubStatement":
        for key in ("actor", "verb", "object"):
            if key not in obj:
                raise Rejected(f"object.{key}", Reason.BAD_OBJECT, f"SubStatement needs {key}")
    else:
        if "id" in obj and (not isinstance(obj["id"], str) or not obj["id"]):
            raise Rejected("object.id", Reason.BAD_OBJECT, "object.id must be a non-empty IRI")
        if "definition" in obj and not isinstance(obj["definition"], dict):
            raise Rejected("object.definition", Reason.BAD_OBJECT, "definition must be an object")


def check_timestamp(statement: dict[str, Any]) -> None:
    """``timestamp`` is optional; when present it is ISO 8601 (§2.4.7)."""
    if "timestamp" in statement:
        parse_timestamp(statement["timestamp"])


def check_properties(statement: dict[str, Any]) -> None:
    """``result`` and ``context`` are objects when present (§2.4.5, §2.4.6)."""
    for key in ("result", "context"):
        if key in statement and not isinstance(statement[key], dict):
            raise Rejected(key, Reason.BAD_PROPERTY, f"{key} must be an object")


def check_voiding(statement: dict[str, Any]) -> None:
    """A voiding statement's object is a StatementRef (§2.4.4.1 "Voided" / Part 2 §2.3.2)."""
    if statement["verb"]["id"] == VOIDED:
        obj = statement["object"]
        if obj.get("objectType") != "StatementRef":
            raise Rejected(
                "object.objectType",
                Reason.BAD_VOIDING,
                "a voiding statement targets a StatementRef",
            )


STEPS: tuple[Step, ...] = (
    check_is_object,
    check_id,
    check_actor,
    check_verb,
    check_object,
    check_timestamp,
    check_properties,
    check_voiding,
)


def digest(statement: dict[str, Any], timestamp: datetime | None = None) -> int:
    """A 64-bit digest of what makes two statements "the same" (Part 2 §2.3).

    Ignores what the LRS sets (stored, authority, version), compares the id as a UUID and the
    timestamp as an instant, and treats a missing ``objectType`` as its default (Agent /
    Activity) and ``GroupActivity`` as ``Activity`` (ERB's HTTP client rewrites the one into
    the other). ``timestamp`` is the statement's, already parsed, when the caller has it.
    """
    canonical = {k: v for k, v in statement.items() if k not in _LRS_SET}
    if "id" in canonical:
        canonical["id"] = str(uuid.UUID(canonical["id"]))
    if "timestamp" in canonical:
        instant = timestamp or parse_timestamp(canonical["timestamp"])
        canonical["timestamp"] = instant.isoformat()
    actor = canonical.get("actor")
    if isinstance(actor, dict) and "objectType" not in actor:
        canonical["actor"] = {**actor, "objectType": "Agent"}
    obj = canonical.get("object")
    if isinstance(obj, dict) and obj.get("objectType", "GroupActivity") == "GroupActivity":
        canonical["object"] = {**obj, "objectType": "Activity"}
    encoded = orjson.dumps(canonical, option=orjson.OPT_SORT_KEYS)
    return int.from_bytes(hashlib.blake2b(encoded, digest_size=8).digest(), "little")


def prepare(statement: Any, now: datetime) -> Prepared:
    """Run every step, then assign an id and a timestamp where absent (§2.4.1, §2.4.7).

    Raises:
        Rejected: from the first step that refuses the statement.
    """
    for step in STEPS:
        step(statement)
    sent_time = parse_timestamp(statement["timestamp"]) if "timestamp" in statement else None
    fingerprint = digest(statement, sent_time)
    stored = {k: v for k, v in statement.items() if k not in ("stored", "authority")}
    statement_id = uuid.UUID(stored["id"]) if "id" in stored else uuid.uuid4()
    stored["id"] = str(statement_id)
    if sent_time is None:
        sent_time = now
        stored["timestamp"] = now.isoformat()
    event = orjson.dumps(stored).decode()
    return Prepared(statement_id, stored, sent_time, fingerprint, event, typed_row(stored))
