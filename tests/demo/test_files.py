"""``aspects demo --to-files``: files that ``aspects load`` takes with nothing rejected."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aspects.demo.files import write_files
from aspects.ingest.loader import LoadSummary, load_file
from aspects.ingest.writer import Writer
from aspects.lms.loader import TableLoad, load_table_file
from aspects.settings import Settings
from aspects.store import Store

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def table_of(path: Path) -> str:
    """``lms/user_profile-01.ndjson`` is a file of ``user_profile``."""
    return re.sub(r"-\d+$", "", path.name.split(".")[0])


@pytest.mark.parametrize("compress", [False, True], ids=["ndjson", "gzip"])
def test_files_hold_exactly_the_statements_asked_for_and_load_with_zero_rejects(
    store: Store, settings: Settings, tmp_path: Path, compress: bool
) -> None:
    summary = write_files(
        tmp_path, statements=3000, courses=2, seed=3, now=NOW, compress=compress, workers=1
    )
    assert summary.statements == 3000 and summary.learners >= 3 and summary.rate > 0
    suffix = ".ndjson.gz" if compress else ".ndjson"
    assert all(f.name.endswith(suffix) for f in summary.files)
    if compress:
        with gzip.open(summary.files[0], "rt") as stream:
            assert stream.readline().startswith('{"id":')
    writer = Writer(store, settings.writer)
    writer.start()
    loaded = LoadSummary()
    try:
        for path in summary.files:
            load_file(path, writer, loaded)
    finally:
        writer.stop()
    assert loaded.accepted == 3000 and loaded.total_rejected == 0
    tables = {table_of(p) for p in summary.lms_files}
    assert tables == {
        "course_overviews",
        "course_blocks",
        "course_enrollment",
        "external_id",
        "user_profile",
    }
    for path in summary.lms_files:
        result = TableLoad()
        load_table_file(store, table_of(path), path, result)
        assert result.accepted > 0 and not result.errors, (path, result.errors[:3])
    [(users,)] = store.query("select count() from latest_user_profile")
    assert users == summary.learners


def test_the_cli_writes_files_with_worker_processes_and_reports_the_rate(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "aspects",
        "demo",
        "--to-files",
        str(tmp_path / "out"),
        "--statements",
        "4000",
        "--courses",
        "2",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "statements/s" in done.stderr
    lines = sum(
        len(p.read_text().splitlines()) for p in (tmp_path / "out").glob("statements-*.ndjson")
    )
    assert lines == 4000
