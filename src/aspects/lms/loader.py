"""``aspects load --table``: event_sink rows from files through :func:`insert_rows`.

Good rows load, in chunks of one insert each; every bad row is reported with its file, line,
column and reason, and written to ``<file>.rejects.ndjson`` beside the input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import orjson

from aspects.ingest.files import open_binary
from aspects.lms.readers import SourceRow, read_rows
from aspects.lms.sink import insert_rows, table_named
from aspects.store import Store

CHUNK = 5000


@dataclass(frozen=True)
class FileError:
    """One refused row of a file."""

    path: Path
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        column = f" {self.column}:" if self.column else ""
        return f"{self.path}:{self.line}:{column} {self.message}"


@dataclass
class TableLoad:
    """What loading files into one table did."""

    accepted: int = 0
    errors: list[FileError] = field(default_factory=list)
    rejects_files: list[Path] = field(default_factory=list)


def rejects_path(path: Path) -> Path:
    """Where a file's refused rows go: beside it, ``<name>.rejects.ndjson``."""
    return path.with_name(path.name + ".rejects.ndjson")


def _chunks(rows: Iterator[SourceRow]) -> Iterator[list[SourceRow]]:
    chunk: list[SourceRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Rejects:
    """Writes refused rows beside the input, creating the file only when needed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[bytes] | None = None
        path.unlink(missing_ok=True)  # a rerun leaves only its own rejects

    def add(self, source: SourceRow, errors: list[FileError]) -> None:
        if self._file is None:
            self._file = self.path.open("wb")
        entry = {
            "line": source.line,
            "errors": [{"column": e.column, "message": e.message} for e in errors],
            "row": source.row if source.row is not None else source.raw,
        }
        self._file.write(orjson.dumps(entry) + b"\n")

    def close(self) -> bool:
        if self._file is None:
            return False
        self._file.close()
        return True


def load_table_file(
    store: Store,
    table: str,
    path: Path,
    summary: TableLoad,
    progress: Callable[[int], None] = lambda _: None,
) -> None:
    """Load one file (CSV, CSV with header, NDJSON; ``.gz`` too) into ``table``.

    ``progress`` is called with the raw file position (bytes) after each chunk.
    """
    spec = table_named(table)
    rejects = _Rejects(rejects_path(path))
    stream, raw = open_binary(path)
    try:
        for chunk in _chunks(read_rows(path, stream, spec)):
            readable = [s for s in chunk if s.row is not None]
            refused = [(s, [FileError(path, s.line, "", s.error)]) for s in chunk if s.row is None]
            result = insert_rows(store, table, [s.row for s in readable if s.row is not None])
            summary.accepted += result.accepted
            by_row: dict[int, list[FileError]] = {}
            for e in result.errors:
                line = readable[e.row - 1].line
                by_row.setdefault(e.row, []).append(FileError(path, line, e.column, e.message))
            refused += [(readable[n - 1], errors) for n, errors in by_row.items()]
            for source, errors in sorted(refused, key=lambda item: item[0].line):
                summary.errors.extend(errors)
                rejects.add(source, errors)
            progress(raw.tell())
    finally:
        stream.close()
        raw.close()
        if rejects.close():
            summary.rejects_files.append(rejects.path)
