"""Files beside an input that collect what a load refused, and a per-file progress loop."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

import orjson
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TimeRemainingColumn

T = TypeVar("T")


def rejects_path(path: Path) -> Path:
    """Where a file's refused entries go: beside it, ``<name>.rejects.ndjson``."""
    return path.with_name(path.name + ".rejects.ndjson")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size``."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class RejectsFile:
    """Writes one JSON line per refused entry beside the input, creating the file on need."""

    def __init__(self, source: Path) -> None:
        self.path = rejects_path(source)
        self._file: IO[bytes] | None = None
        self.path.unlink(missing_ok=True)  # a rerun leaves only its own rejects

    def add(self, entry: dict[str, Any]) -> None:
        """Append one refused entry."""
        if self._file is None:
            self._file = self.path.open("wb")
        self._file.write(orjson.dumps(entry) + b"\n")

    def close(self) -> bool:
        """Close; True when anything was written."""
        if self._file is None:
            return False
        self._file.close()
        return True


def each_file_with_progress(
    console: Console, files: list[Path], load_one: Callable[[Path, Callable[[int], None]], None]
) -> None:
    """Call ``load_one(path, advance)`` per file under a bar sized in bytes."""
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as bar:
        for path in files:
            task = bar.add_task(path.name, total=path.stat().st_size)

            def advance(position: int, task: TaskID = task) -> None:
                bar.update(task, completed=position)

            load_one(path, advance)
            bar.update(task, completed=path.stat().st_size)
