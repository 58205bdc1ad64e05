"""Report rows as JSON values and as streamed CSV with a size cap (STYLE.md 7)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from aspects.auth.exports import csv_safe

CSV_MAX_BYTES = 50 * 1024 * 1024
_CHUNK_ROWS = 500


def cell(value: Any) -> Any:
    """A JSON-ready value: instants as ISO 8601 UTC with ``Z``, dates as ISO dates."""
    if isinstance(value, datetime):
        # The engine returns naive UTC datetimes (the columns are DateTime64(6, 'UTC')).
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _csv_text(value: Any) -> Any:
    value = cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_safe(value)  # issue 7: no cell a spreadsheet would run as a formula


def _line(values: Sequence[Any]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue().encode()


def csv_chunks(
    columns: Sequence[str], rows: Iterable[Mapping[str, Any]], max_bytes: int = CSV_MAX_BYTES
) -> Iterator[bytes]:
    """The header and rows as UTF-8 CSV chunks of a few hundred rows.

    Past ``max_bytes`` the stream ends with a last line saying so, as Datasette does for its
    capped CSV: a download that is cut short says it is, rather than looking complete.
    """
    pending = [_line(columns)]
    total = len(pending[0])
    for row in rows:
        line = _line([_csv_text(row[name]) for name in columns])
        total += len(line)
        if total > max_bytes:
            pending.append(f"CSV truncated: larger than {max_bytes} bytes\n".encode())
            break
        pending.append(line)
        if len(pending) >= _CHUNK_ROWS:
            yield b"".join(pending)
            pending = []
    yield b"".join(pending)
