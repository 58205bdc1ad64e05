"""``aspects load --table``: event_sink rows from files through :func:`insert_rows`.

Good rows load, in chunks of one insert each; every bad row is reported with its file, line,
column and reason, and written to ``<file>.rejects.ndjson`` beside the input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aspects.ingest.files import open_binary
from aspects.lms.readers import read_rows
from aspects.lms.sink import insert_rows, table_named
from aspects.rejects import RejectsFile, chunks
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
    rejects = RejectsFile(path)
    stream, raw = open_binary(path)
    try:
        for chunk in chunks(read_rows(path, stream, spec), CHUNK):
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
                rejects.add(
                    {
                        "line": source.line,
                        "errors": [{"column": e.column, "message": e.message} for e in errors],
                        "row": source.row if source.row is not None else source.raw,
                    }
                )
            progress(raw.tell())
    finally:
        stream.close()
        raw.close()
        if rejects.close():
            summary.rejects_files.append(rejects.path)
