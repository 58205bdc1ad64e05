"""``aspects load --table``: event_sink rows from CSV (with or without header) and NDJSON."""

from __future__ import annotations

import csv
import gzip
import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aspects.cli import app, console
from aspects.settings import Settings
from aspects.store import Store
from tests.lms import factories as f


def _run(settings: Settings, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    # chDB holds one data directory per process: the command opens the session's, this
    # test's database.
    monkeypatch.setenv("ASPECTS_STORE__DATABASE", settings.store.database)
    # Lines wide enough that no path of a temporary folder is folded: under a pytest-xdist
    # worker the paths are longer, and the console was made 80 columns wide at import.
    monkeypatch.setattr(console, "width", 1000)
    result = CliRunner().invoke(app, ["load", *args, "--data-dir", str(settings.data_dir)])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, " ".join(result.stderr.split())


def _xapi_db_load_csv(path: Path, rows: Iterable[Iterable[Any]]) -> Path:
    """Rows as xapi-db-load's csv backend writes them: csv defaults, no header, gzipped."""
    with gzip.open(path, "wt", newline="") as out:
        writer = csv.writer(out)
        for row in rows:
            writer.writerow(row)
    return path


def _rejects(path: Path) -> list[dict[str, Any]]:
    beside = path.with_name(path.name + ".rejects.ndjson")
    return [json.loads(line) for line in beside.read_text().splitlines()]


def test_xapi_db_load_csv_files_load_for_every_table(
    store: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The tuples xapi_db_load/backends/csv.py writes (WriteCSVCourses, WriteCSVBlocks, …),
    # with the value types it uses: datetimes for dates and dump times, str(uuid4()) ids.
    from datetime import UTC, datetime

    start, end, now = datetime(2026, 1, 5), datetime(2026, 4, 5), datetime.now(UTC)
    dump = str(uuid.uuid4())
    files = {
        "course_overviews": [
            ("Org", f.COURSE, "Demo", start, end, start, end, False, "{}", start, end, dump, now)
        ],
        "course_blocks": [
            (
                "Org", f.COURSE, f.key("vertical", "v1"), "Vertical 3",
                '{"block_type": "vertical", "section": 1, "subsection": 2, "unit": 1}',
                3, end, dump, now,
            )
        ],
        "external_id": [(f.EXTERNAL, "xapi", "actor_7", 7, dump, now)],
        "user_profile": [
            (
                7, 7, "Actor 7", "actor_7", "actor_7@aspects.invalid", "{}", "", "", "", 1980,
                "f", "b", "", "", "US", "", "", "", "", "", dump, now,
            )
        ],
        "course_enrollment": [(41, f.COURSE, start, True, "audit", "actor_7", 7, dump, now)],
    }  # fmt: skip
    for table, rows in files.items():
        path = _xapi_db_load_csv(tmp_path / f"{table}.csv.gz", rows)
        code, err = _run(settings, monkeypatch, "--table", table, str(path))
        assert code == 0, err
        assert f"{table}: 1 rows loaded, 0 rejected" in err
        assert store.query(f"select count() from latest_{table}")[0][0] == 1  # noqa: S608
    assert store.query("select section, subsection, unit from latest_course_blocks") == [(1, 2, 1)]
    assert store.query("select year_of_birth, country from latest_user_profile") == [(1980, "US")]


def test_a_csv_with_a_header_may_order_and_omit_columns(
    store: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "enrollments.csv"
    path.write_text(
        "user_id,course_key,id,is_active,mode,time_last_dumped\n"
        "7,course-v1:Org+Demo+2026,41,true,verified,2026-01-10T09:30:00Z\n"
        "8,course-v1:Org+Demo+2026,42,false,audit,2026-01-10T09:30:00Z\n"
    )
    code, err = _run(settings, monkeypatch, "--table", "course_enrollment", str(path))
    assert code == 0, err
    assert store.query(
        "select user_id, id, is_active, mode, username, created from latest_course_enrollment "
        "order by user_id"
    ) == [(7, 41, True, "verified", "", None), (8, 42, False, "audit", "", None)]


def test_ndjson_and_gzipped_ndjson_load(
    store: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "profiles.ndjson"
    plain.write_text(json.dumps({"id": 70, "user_id": 7, "name": "Ada"}) + "\n\n")
    zipped = tmp_path / "more.jsonl.gz"
    with gzip.open(zipped, "wt") as out:
        out.write(json.dumps({"id": 80, "user_id": 8, "name": "Grace", "email": "g@x.org"}) + "\n")
    code, err = _run(settings, monkeypatch, "--table", "user_profile", str(plain), str(zipped))
    assert code == 0, err
    assert "user_profile: 2 rows loaded, 0 rejected" in err
    assert store.query("select user_id, name, email from latest_user_profile order by 1") == [
        (7, "Ada", ""),
        (8, "Grace", "g@x.org"),
    ]


def test_bad_rows_are_named_by_file_line_and_column_and_good_rows_still_load(
    store: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ids.csv"
    path.write_text(
        f"{f.EXTERNAL},xapi,ada,7,{uuid.UUID(int=1)},2026-01-10 09:30:00+00:00\n"
        f"not-a-uuid,xapi,bob,8,{uuid.UUID(int=2)},2026-01-10 09:30:00+00:00\n"
        "too,few\n"
        f'"{uuid.UUID(int=9)}",xapi,"multi\nline",x,{uuid.UUID(int=3)},2026-01-10\n'
        f"{uuid.UUID(int=10)},xapi,eve,10,{uuid.UUID(int=4)},2026-01-10\n"
    )
    code, err = _run(settings, monkeypatch, "--table", "external_id", str(path))
    assert code == 1
    assert f"{path}:2: external_user_id: expected a UUID, got 'not-a-uuid'" in err
    assert f"{path}:3: expected 6 values, got 2" in err
    assert f"{path}:4: user_id: expected an integer, got 'x'" in err
    assert "external_id: 2 rows loaded, 3 rejected" in err
    assert "ids.csv.rejects.ndjson" in err.replace(" ", "")
    assert store.query("select username from latest_external_id order by user_id") == [
        ("ada",),
        ("eve",),
    ]
    rejects = _rejects(path)
    assert [r["line"] for r in rejects] == [2, 3, 4]
    assert rejects[0]["errors"] == [
        {"column": "external_user_id", "message": "expected a UUID, got 'not-a-uuid'"}
    ]
    assert rejects[0]["row"]["username"] == "bob"
    assert rejects[1]["row"] == "too,few"


def test_a_clean_rerun_removes_the_rejects_file(
    store: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.ndjson"
    path.write_text('{"id": 1, "user_id": "x"}\n')
    assert _run(settings, monkeypatch, "--table", "user_profile", str(path))[0] == 1
    assert _rejects(path)[0]["errors"][0]["column"] == "user_id"
    path.write_text('{"id": 1, "user_id": 1}\n')
    assert _run(settings, monkeypatch, "--table", "user_profile", str(path))[0] == 0
    assert not path.with_name("p.ndjson.rejects.ndjson").exists()


def test_an_unknown_table_is_refused_before_anything_is_read(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a\n")
    code, err = _run(settings, monkeypatch, "--table", "auth_user", str(path))
    assert code == 2
    assert "unknown table 'auth_user'" in err
