"""Read statements from files: NDJSON, JSON arrays, and the community xapi_events_all CSV.

The CSV is what openedx/xapi-db-load's csv backend writes for ``xapi_events_all``: no header,
columns ``event_id, emission_time, event``; ``.gz`` files are read compressed.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import orjson

from aspects.ingest.rejections import Reason, Rejected

csv.field_size_limit(64 * 1024 * 1024)


@dataclass(frozen=True)
class Record:
    """One statement read from a file, or the reason it could not be read."""

    line: int
    statement: Any
    raw: str
    error: Rejected | None = None


def _kind(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".ndjson", ".jsonl")):
        return "ndjson"
    return "json"


def open_binary(path: Path) -> tuple[IO[bytes], IO[bytes]]:
    """The decompressed stream and the raw file (whose position tracks progress)."""
    # A large buffer: each read releases the GIL, and getting it back from a busy writer
    # thread can take a switch interval (5 ms), so few, large reads (measured: 2x faster).
    raw: IO[bytes] = path.open("rb", buffering=1 << 20)
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw)), raw
    return raw, raw


def _not_json(line: int, raw: str, exc: Exception) -> Record:
    return Record(line, None, raw, Rejected("", Reason.BODY_NOT_JSON, f"not JSON: {exc}"))


def _ndjson(stream: IO[bytes]) -> Iterator[Record]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        text = line.decode("utf-8", "replace").rstrip("\n")
        try:
            yield Record(number, orjson.loads(line), text)
        except orjson.JSONDecodeError as exc:
            yield _not_json(number, text, exc)


def _json(stream: IO[bytes]) -> Iterator[Record]:
    data = stream.read()
    try:
        parsed = orjson.loads(data)
    except orjson.JSONDecodeError:
        # Not one JSON document: read it as one statement per line.
        yield from _ndjson(io.BytesIO(data))
        return
    items = parsed if isinstance(parsed, list) else [parsed]
    for index, item in enumerate(items, start=1):
        yield Record(index, item, "")


def _csv(stream: IO[bytes]) -> Iterator[Record]:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    try:
        yield from _csv_rows(text)
    finally:
        # Without this the wrapper, once collected, closes the caller's file under it.
        text.detach()


def _csv_rows(text: IO[str]) -> Iterator[Record]:
    for number, row in enumerate(csv.reader(text), start=1):
        raw = ",".join(row)
        if len(row) < 3:
            yield Record(
                number,
                None,
                raw,
                Rejected("", Reason.NOT_A_STATEMENT, "expected event_id,emission_time,event"),
            )
            continue
        event_id, _, event = row[0], row[1], row[2]
        try:
            statement = orjson.loads(event)
        except orjson.JSONDecodeError as exc:
            yield _not_json(number, raw, exc)
            continue
        if isinstance(statement, dict):
            if "id" not in statement:
                statement["id"] = event_id
            elif str(statement["id"]).lower() != event_id.lower():
                yield Record(
                    number,
                    statement,
                    event,
                    Rejected("id", Reason.ID_MISMATCH, "event_id differs from the statement id"),
                )
                continue
        yield Record(number, statement, event)


def read_statements(path: Path, stream: IO[bytes]) -> Iterator[Record]:
    """Every statement of a file, in file order, by the file's kind."""
    kind = _kind(path)
    if kind == "csv":
        return _csv(stream)
    if kind == "ndjson":
        return _ndjson(stream)
    return _json(stream)
