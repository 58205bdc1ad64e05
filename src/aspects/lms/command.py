"""The console side of ``aspects load --table``: progress bar, per-row errors, summary."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from aspects.lms.loader import TableLoad, load_table_file
from aspects.lms.tables import TABLES
from aspects.rejects import each_file_with_progress
from aspects.settings import Settings

SHOWN_ERRORS = 50  # per run on the console; every one is in the rejects files


def load_tables(settings: Settings, table: str, files: list[Path], console: Console) -> int:
    """Load ``files`` into the event_sink ``table``; returns the exit status (1 if any reject)."""
    from aspects.store import StoreError, open_store

    if table not in TABLES:
        console.print(f"[red]unknown table {table!r}; expected one of: {', '.join(TABLES)}[/red]")
        return 2
    try:
        store = open_store(settings)
    except StoreError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        return 1
    summary = TableLoad()
    try:
        each_file_with_progress(
            console,
            files,
            lambda path, advance: load_table_file(store, table, path, summary, advance),
        )
    finally:
        store.close()
    for error in summary.errors[:SHOWN_ERRORS]:
        console.print(f"[red]rejected[/red] {escape(str(error))}")
    if len(summary.errors) > SHOWN_ERRORS:
        console.print(f"… and {len(summary.errors) - SHOWN_ERRORS} more problems")
    rejected = len({(e.path, e.line) for e in summary.errors})
    console.print(f"{table}: {summary.accepted} rows loaded, {rejected} rejected")
    for path in summary.rejects_files:
        console.print(f"rejected rows written to {path}")
    return 1 if rejected else 0
