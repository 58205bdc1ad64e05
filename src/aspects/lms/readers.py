"""Read event_sink rows from CSV (headerless or with a header) and NDJSON, as column dicts.

Headerless CSV is what platform-plugin-aspects POSTs (``BaseSink.send_item``: values in
serializer order, ``csv.QUOTE_NONNUMERIC``) and what xapi-db-load's csv backend writes
(``xapi_db_load/backends/csv.py``: same order, csv defaults, gzipped). A first record whose
every cell is a column name of the table is read as a header instead.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from aspects.lms.tables import Table

csv.field_size_limit(64 * 1024 * 1024)


@dataclass(frozen=True)
class SourceRow:
    """One row read from a file or body: its line, the row (or why there is none), raw text."""

    line: int
    row: dict[str, Any] | None
    raw: str
    error: str = ""


def file_kind(path: Path) -> str:
    """``csv`` or ``ndjson`` by the file name (a ``.gz`` suffix is looked through)."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".ndjson", ".jsonl", ".json")):
        return "ndjson"
    return "csv"


def csv_rows(text: IO[str], table: Table) -> Iterator[SourceRow]:
    """Rows of a CSV stream for ``table``, with the line each record starts on."""
    reader = csv.reader(text)
    header: list[str] | None = None
    start = 1
    for number, cells in enumerate(reader, start=1):
        line, start = start, reader.line_num + 1
        if not cells:
            continue
        raw = ",".join(cells)
        if number == 1 and all(cell in table.names for cell in cells):
            header = cells
            continue
        names = header or list(table.names)
        if len(cells) != len(names):
            yield SourceRow(line, None, raw, f"expected {len(names)} values, got {len(cells)}")
            continue
        yield SourceRow(line, dict(zip(names, cells, strict=True)), raw)


def ndjson_rows(stream: IO[bytes]) -> Iterator[SourceRow]:
    """Rows of an NDJSON stream: one JSON object per line."""
    for line, data in enumerate(stream, start=1):
        if not data.strip():
            continue
        raw = data.decode("utf-8", "replace").rstrip("\n")
        try:
            row = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            yield SourceRow(line, None, raw, f"not JSON: {exc}")
            continue
        if not isinstance(row, dict):
            yield SourceRow(line, None, raw, "expected a JSON object")
            continue
        yield SourceRow(line, row, raw)


def read_rows(path: Path, stream: IO[bytes], table: Table) -> Iterator[SourceRow]:
    """Every row of a (decompressed) file stream, in file order."""
    if file_kind(path) == "ndjson":
        yield from ndjson_rows(stream)
        return
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
    try:
        yield from csv_rows(text, table)
    finally:
        text.detach()  # leave the caller's stream open; it closes it
