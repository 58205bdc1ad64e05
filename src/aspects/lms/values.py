"""Convert one event_sink value (text from CSV, or a JSON / Python value) to its column's type.

CSV carries only text: platform-plugin-aspects writes with ``csv.QUOTE_NONNUMERIC`` (``None``
becomes ``""``, booleans ``True``/``False``, datetimes ``str(datetime)``), xapi-db-load with the
csv defaults. DRF renders model datetimes as ISO 8601 (``…T…Z``). All of these are read here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import orjson

from aspects.lms.tables import Kind

_INT64 = (-(2**63), 2**63 - 1)
_TRUE, _FALSE = {"true", "1"}, {"false", "0"}
# DateTime64 holds 1900-01-01 … 2299-12-31 (ClickHouse docs, DateTime64).
_YEARS = (1900, 2299)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"expected text, got {type(value).__name__}")


def _key(value: Any) -> str:
    text = _text(value)
    if not text.strip():
        raise ValueError("must not be empty")
    return text


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("expected an integer, got a boolean")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise ValueError(f"expected an integer, got {value!r}") from None
    if not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    if not _INT64[0] <= value <= _INT64[1]:
        raise ValueError(f"{value} is out of range")
    return value


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"expected true/false, got {value!r}")


def _uuid(value: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise ValueError(f"expected a UUID, got {value!r}") from None


def _time(value: Any) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"expected an ISO 8601 date-time, got {value!r}") from None
    else:
        raise ValueError(f"expected an ISO 8601 date-time, got {value!r}")
    # A time without a zone is UTC: the LMS stores UTC (Django USE_TZ) and so do the sinks.
    parsed = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    if not _YEARS[0] <= parsed.year <= _YEARS[1]:
        raise ValueError(f"{value!r} is outside {_YEARS[0]}-{_YEARS[1]}")
    return parsed


def _json_object(value: Any) -> tuple[str, dict[str, Any]]:
    if isinstance(value, dict):
        return orjson.dumps(value).decode(), value
    if not isinstance(value, str):
        raise ValueError(f"expected a JSON object, got {type(value).__name__}")
    try:
        parsed = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(parsed, dict):
        raise ValueError("expected a JSON object")
    return value, parsed


def _json(value: Any) -> str:
    return "{}" if _empty(value) else _json_object(value)[0]


def _block_json(value: Any) -> str:
    """xblock_data_json: block_type and integer positions (course_overview_sink.py)."""
    text, data = _json_object(value)
    if not isinstance(data.get("block_type"), str) or not data["block_type"]:
        raise ValueError("block_type is missing")
    for name in ("section", "subsection", "unit"):
        position = data.get(name)
        if isinstance(position, bool) or not isinstance(position, int) or position < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {position!r}")
    for name in ("graded", "detached"):
        if name in data and data[name] not in (0, 1):  # 0/1 (True/False compare equal)
            raise ValueError(f"{name} must be 0 or 1, got {data[name]!r}")
    return text


def _optional(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        # str(None) is what the sink writes for a missing edited_on.
        if _empty(value) or value == "None":
            return None
        return convert(value)

    return read


CONVERTERS: dict[Kind, Callable[[Any], Any]] = {
    Kind.TEXT: _text,
    Kind.KEY: _key,
    Kind.INT: _int,
    Kind.OPT_INT: _optional(_int),
    Kind.BOOL: _bool,
    Kind.UUID: _uuid,
    Kind.TIME: _time,
    Kind.OPT_TIME: _optional(_time),
    Kind.JSON: _json,
    Kind.BLOCK_JSON: _block_json,
}


def convert(kind: Kind, value: Any) -> Any:
    """The value for a column of ``kind``; raises ValueError with a reason."""
    if kind in (Kind.INT, Kind.BOOL, Kind.UUID, Kind.TIME) and _empty(value):
        raise ValueError("a value is required")
    return CONVERTERS[kind](value)
