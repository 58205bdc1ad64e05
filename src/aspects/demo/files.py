"""``aspects demo --to-files``: the same data at benchmark scale, as files for ``aspects load``.

Statements go to NDJSON files (``.gz`` optional) of at most ``PER_FILE`` lines, LMS rows to
NDJSON per event_sink table under ``lms/``. Worker processes each take every W-th learner and
write their own files: on 2 cores that doubles the rate (issue 3, item 4: ≥ 200,000/s).
"""

from __future__ import annotations

import contextlib
import gzip
import multiprocessing
import os
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, cast

import orjson

from aspects.demo.deployment import Deployment

PER_FILE = 1_000_000
_FLUSH = 20_000  # lines buffered before a write


@dataclass(frozen=True)
class FilesSummary:
    """What ``--to-files`` wrote."""

    statements: int
    learners: int
    files: list[Path]
    lms_files: list[Path]
    seconds: float

    @property
    def rate(self) -> float:
        """Statements generated and written per second."""
        return self.statements / self.seconds if self.seconds else 0.0


def _open(path: Path, compress: bool) -> IO[bytes]:
    if compress:
        return cast(
            IO[bytes], gzip.open(path, "wb", compresslevel=1)
        )  # level 1: far smaller, still fast
    return path.open("wb", buffering=1 << 20)


class _Rolling:
    """Statement files of one worker, a new one every ``PER_FILE`` lines."""

    def __init__(self, out: Path, worker: int, suffix: str, compress: bool) -> None:
        self._out, self._worker, self._suffix, self._compress = out, worker, suffix, compress
        self._stream: IO[bytes] | None = None
        self._count = 0
        self.files: list[Path] = []

    def write(self, lines: list[str]) -> None:
        while lines:
            if self._stream is None or self._count >= PER_FILE:
                self.close()
                path = self._out / f"statements-{self._worker:02d}-{len(self.files) + 1:04d}"
                self.files.append(path.with_name(path.name + self._suffix))
                self._stream, self._count = _open(self.files[-1], self._compress), 0
            take = lines[: PER_FILE - self._count]
            lines = lines[len(take) :]
            self._stream.write(("\n".join(take) + "\n").encode())
            self._count += len(take)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None


def _worker(job: dict[str, Any], done: Any, results: Any) -> None:
    """Write learners ``worker, worker + W, …`` until this worker's quota of statements."""
    out, worker, compress = Path(job["out"]), job["worker"], job["gzip"]
    deployment = Deployment(job["courses"], job["seed"], datetime.fromisoformat(job["now"]))
    suffix = ".ndjson.gz" if compress else ".ndjson"
    lms_paths = {t: out / "lms" / f"{t}-{worker:02d}{suffix}" for t in _LEARNER_TABLES}
    lms = {t: _open(p, compress) for t, p in lms_paths.items()}
    statements = _Rolling(out, worker, suffix, compress)
    quota, written, learners, index = job["quota"], 0, 0, worker
    try:
        while written < quota:
            data = deployment.learner(index)
            index += job["workers"]
            learners += 1
            for table, row in data.rows:
                lms[table].write(orjson.dumps(row) + b"\n")
            lines = data.statements[: quota - written]
            statements.write(lines)
            written += len(lines)
            with done.get_lock():
                done.value += len(lines)
    finally:
        statements.close()
        for handle in lms.values():
            handle.close()
    results.put((written, learners, [str(p) for p in statements.files]))


_LEARNER_TABLES = ("course_enrollment", "external_id", "user_profile")
Outcome = tuple[int, int, list[str]]  # statements, learners, files


class _Counter:
    """The in-process stand-in for a shared ``multiprocessing.Value``."""

    def __init__(self, progress: Callable[[int], None]) -> None:
        self.value = 0
        self._progress = progress

    def get_lock(self) -> contextlib.AbstractContextManager[None]:
        self._progress(self.value)
        return contextlib.nullcontext()


def _run(jobs: list[dict[str, Any]], progress: Callable[[int], None]) -> list[Outcome]:
    if len(jobs) == 1:  # no process to start (tests, one core)
        results: queue.Queue[Outcome] = queue.Queue()
        counter = _Counter(progress)
        _worker(jobs[0], counter, results)
        progress(counter.value)
        return [results.get()]
    # spawn: a clean interpreter per worker, whatever the parent has loaded (chDB, threads).
    context = multiprocessing.get_context("spawn")
    done = context.Value("q", 0)
    shared = context.Queue()
    processes = [
        context.Process(target=_worker, args=(job, done, shared), daemon=True) for job in jobs
    ]
    for process in processes:
        process.start()
    outcomes: list[Outcome] = []
    while len(outcomes) < len(jobs):
        try:
            outcomes.append(shared.get(timeout=0.2))
        except queue.Empty:
            if not any(p.is_alive() for p in processes) and shared.empty():
                codes = [p.exitcode for p in processes]
                raise RuntimeError(f"a generator process failed (exit codes {codes})") from None
        progress(done.value)
    for process in processes:
        process.join()
    return outcomes


def write_files(
    out: Path,
    *,
    statements: int,
    courses: int,
    seed: int,
    now: datetime,
    compress: bool = False,
    workers: int | None = None,
    progress: Callable[[int], None] = lambda _: None,
) -> FilesSummary:
    """Generate ``statements`` statements (and their learners' LMS rows) into ``out``."""
    started = time.perf_counter()
    workers = max(1, min(workers or os.cpu_count() or 1, 16))
    (out / "lms").mkdir(parents=True, exist_ok=True)
    suffix = ".ndjson.gz" if compress else ".ndjson"
    deployment = Deployment(courses, seed, now)
    course_files = {t: out / "lms" / f"{t}{suffix}" for t in ("course_overviews", "course_blocks")}
    handles = {t: _open(p, compress) for t, p in course_files.items()}
    for table, row in deployment.course_rows():
        handles[table].write(orjson.dumps(row) + b"\n")
    for handle in handles.values():
        handle.close()
    share, extra = divmod(statements, workers)
    jobs = [
        {
            "out": str(out),
            "worker": worker,
            "workers": workers,
            "quota": share + (1 if worker < extra else 0),
            "courses": courses,
            "seed": seed,
            "now": now.isoformat(),
            "gzip": compress,
        }
        for worker in range(workers)
    ]
    outcomes = _run(jobs, progress)
    files = sorted(Path(f) for outcome in outcomes for f in outcome[2])
    lms_files = sorted((out / "lms").glob(f"*{suffix}"))
    return FilesSummary(
        statements=sum(o[0] for o in outcomes),
        learners=sum(o[1] for o in outcomes),
        files=files,
        lms_files=lms_files,
        seconds=time.perf_counter() - started,
    )
