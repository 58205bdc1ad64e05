"""The one validation and write path for LMS rows: ``insert_rows(store, table, rows)``.

Every way in (the ``/sink/`` endpoint, ``POST /api/v1/lms/{table}``, ``aspects load --table``,
the demo generator) hands rows here as dicts keyed by the exact event_sink column names.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aspects.ingest.facts import LearnerFacts
from aspects.lms.tables import TABLES, Kind, Table
from aspects.lms.values import convert
from aspects.store import Store

__all__ = ["TABLES", "RowError", "SinkResult", "UnknownTable", "insert_rows", "validate_rows"]

# Columns a row may leave out: text is "", optional values NULL, and the dump columns take one
# value per call, so the rows of one call form one dump (what latest_course_blocks keys on).
_OPTIONAL = {Kind.TEXT, Kind.OPT_INT, Kind.OPT_TIME, Kind.JSON}
_PER_CALL = {"dump_id", "time_last_dumped"}


class UnknownTable(ValueError):
    """The table is not one of the five event_sink tables."""

    def __init__(self, table: str) -> None:
        super().__init__(f"unknown table {table!r}; expected one of: {', '.join(TABLES)}")


@dataclass(frozen=True)
class RowError:
    """Why one row was refused: its 1-based position in the rows given, the column, why."""

    row: int
    column: str
    message: str

    def as_json(self) -> dict[str, Any]:
        """The error as a JSON object."""
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class SinkResult:
    """What an insert did: rows written and rows refused."""

    accepted: int = 0
    errors: list[RowError] = field(default_factory=list)


def table_named(name: str) -> Table:
    """The event_sink table called ``name``; raises UnknownTable."""
    try:
        return TABLES[name]
    except KeyError:
        raise UnknownTable(name) from None


def _row_values(
    table: Table, number: int, row: Mapping[str, Any], dump: Mapping[str, Any]
) -> tuple[tuple[Any, ...] | None, list[RowError]]:
    if not isinstance(row, Mapping):
        return None, [RowError(number, "", f"expected an object, got {type(row).__name__}")]
    errors = [
        RowError(number, str(name), "unknown column") for name in row if name not in table.names
    ]
    values: list[Any] = []
    for column in table.columns:
        if column.name not in row:
            if column.name in _PER_CALL:
                values.append(dump[column.name])
            elif column.kind in _OPTIONAL:
                values.append(convert(column.kind, None))
            else:
                errors.append(RowError(number, column.name, "missing column"))
            continue
        try:
            values.append(convert(column.kind, row[column.name]))
        except ValueError as exc:
            errors.append(RowError(number, column.name, str(exc)))
    return (None if errors else tuple(values)), errors


def validate_rows(
    table: str, rows: Iterable[Mapping[str, Any]]
) -> tuple[list[tuple[Any, ...]], SinkResult]:
    """Check and convert rows; returns the good ones as tuples in column order, and the errors."""
    spec = table_named(table)
    dump = {"dump_id": uuid.uuid4(), "time_last_dumped": datetime.now(UTC)}
    good: list[tuple[Any, ...]] = []
    result = SinkResult()
    for number, row in enumerate(rows, start=1):
        values, errors = _row_values(spec, number, row, dump)
        if values is None:
            result.errors.extend(errors)
        else:
            good.append(values)
    return good, result


def insert_rows(
    store: Store, table: str, rows: Iterable[Mapping[str, Any]], *, atomic: bool = False
) -> SinkResult:
    """Validate ``rows`` for the event_sink ``table`` and write the good ones in one insert.

    Args:
        store: the open store.
        table: one of :data:`TABLES` (else :class:`UnknownTable`).
        rows: dicts keyed by the exact column names; values str/int/float/bool/None/datetime
            (text as CSV carries it is converted). ``dump_id`` and ``time_last_dumped`` may be
            left out: each takes one value for the whole call.
        atomic: write nothing when any row is bad (the ``/sink/`` contract).

    Returns:
        The number of rows written and one :class:`RowError` per problem found.
    """
    good, result = validate_rows(table, rows)
    if good and not (atomic and result.errors):
        # One insert is one block, so it is written whole or not at all.
        store.insert(table, good, TABLES[table].names)
        result.accepted = len(good)
        if table == "course_blocks":
            # Page views follow the units of the latest structure: re-derive those courses.
            at = TABLES[table].names.index("course_key")
            LearnerFacts(store).derive_courses({values[at] for values in good})
    return result
