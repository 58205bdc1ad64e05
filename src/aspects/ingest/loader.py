"""``aspects load``: statements from files through the same steps and writer as HTTP."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from aspects.ingest.files import Record, open_binary, read_statements
from aspects.ingest.rejections import Reason, Rejected
from aspects.ingest.statement import Prepared, prepare
from aspects.ingest.writer import Status, Writer
from aspects.rejects import RejectsFile, chunks

CHUNK = 5000


@dataclass
class LoadSummary:
    """What a load did, per file and in total."""

    accepted: int = 0
    already_stored: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    rejects_files: list[Path] = field(default_factory=list)

    @property
    def total_rejected(self) -> int:
        """All statements refused, whatever the reason."""
        return sum(self.rejected.values())


def _reject(rejects: RejectsFile, record: Record, error: Rejected) -> None:
    rejects.add(
        {
            "line": record.line,
            "reason": error.reason.value,
            "field": error.field,
            "message": error.message,
            "statement": record.statement if record.statement is not None else record.raw,
        }
    )


def load_file(
    path: Path,
    writer: Writer,
    summary: LoadSummary,
    progress: Callable[[int], None] = lambda _: None,
    authority: str = "aspects-load",
) -> None:
    """Validate and write every statement of ``path``; rejects go beside it.

    One chunk is being written while the next is parsed (the engine releases the GIL while it
    inserts). ``progress`` is called with the raw file position (bytes) after each chunk.
    """
    rejects = RejectsFile(path)
    stream, raw = open_binary(path)
    pending: tuple[Future[list[Status]], list[Record], list[Prepared]] | None = None
    try:
        for chunk in chunks(read_statements(path, stream), CHUNK):
            now = datetime.now(UTC)
            prepared: list[Prepared] = []
            sources: list[Record] = []
            for record in chunk:
                try:
                    if record.error:
                        raise record.error
                    prepared.append(prepare(record.statement, now))
                    sources.append(record)
                except Rejected as exc:
                    summary.rejected[exc.reason.value] += 1
                    _reject(rejects, record, exc)
            if pending is not None:
                _account(*pending, summary, rejects)
            pending = (writer.submit(prepared, authority, atomic=False), sources, prepared)
            progress(raw.tell())
        if pending is not None:
            _account(*pending, summary, rejects)
            pending = None
    finally:
        if pending is not None:  # an error above: still wait, so nothing is left half-known
            pending[0].exception()
        stream.close()
        raw.close()
        if rejects.close():
            summary.rejects_files.append(rejects.path)


def _account(
    future: Future[list[Status]],
    sources: list[Record],
    prepared: list[Prepared],
    summary: LoadSummary,
    rejects: RejectsFile,
) -> None:
    """Wait for one written chunk and count what happened to each statement."""
    for status, record, item in zip(future.result(), sources, prepared, strict=True):
        if status is Status.STORED:
            summary.accepted += 1
        elif status is Status.DUPLICATE:
            summary.already_stored += 1
        else:
            summary.rejected[Reason.CONFLICT.value] += 1
            message = f"statement {item.id} is already stored with a different body"
            _reject(rejects, record, Rejected("id", Reason.CONFLICT, message))
