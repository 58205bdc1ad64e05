"""Why a statement or a request was refused: one enum, shared by HTTP, files and metrics."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    """A rejection reason; the value is what clients, reject files and /metrics show."""

    BODY_NOT_JSON = "body_not_json"
    BODY_TOO_LARGE = "body_too_large"
    NOT_A_STATEMENT = "not_a_statement"
    EMPTY_BATCH = "empty_batch"
    BAD_ID = "bad_id"
    DUPLICATE_ID_IN_REQUEST = "duplicate_id_in_request"
    ID_MISMATCH = "id_mismatch"
    MISSING_ACTOR = "missing_actor"
    BAD_ACTOR = "bad_actor"
    MISSING_VERB = "missing_verb"
    BAD_VERB = "bad_verb"
    MISSING_OBJECT = "missing_object"
    BAD_OBJECT = "bad_object"
    BAD_TIMESTAMP = "bad_timestamp"
    BAD_PROPERTY = "bad_property"
    BAD_VOIDING = "bad_voiding"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class Rejection:
    """One refused statement: where it was, which field, why."""

    index: int | None
    field: str
    reason: Reason
    message: str

    def as_json(self) -> dict[str, object]:
        """The JSON shape returned to clients and written to reject files."""
        return {
            "index": self.index,
            "field": self.field,
            "reason": self.reason.value,
            "message": self.message,
        }


class Rejected(Exception):
    """Raised by an ingest step; carries the field and reason (index is added by the caller)."""

    def __init__(self, field: str, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason
        self.message = message

    def at(self, index: int | None) -> Rejection:
        """Return the rejection for the statement at ``index`` of its request."""
        return Rejection(index, self.field, self.reason, self.message)
