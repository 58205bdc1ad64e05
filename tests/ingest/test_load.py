"""``aspects load``: files go through the same checks, writer and idempotency as HTTP."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aspects.cli import app, console
from aspects.ingest.loader import LoadSummary, load_file
from aspects.ingest.writer import Writer
from aspects.settings import Settings
from aspects.store import Store
from tests.conftest import corpus_files, corpus_statements
from tests.factories import statement

PLAYED = "https://w3id.org/xapi/video/verbs/played"
PAUSED = "https://w3id.org/xapi/video/verbs/paused"


def _load(store: Store, settings: Settings, *paths: Path) -> LoadSummary:
    """Load files in order through one writer, as ``aspects load`` does."""
    writer = Writer(store, settings.writer)
    writer.start()
    summary = LoadSummary()
    try:
        for path in paths:
            load_file(path, writer, summary)
    finally:
        writer.stop()
    return summary


def _stored(store: Store) -> dict[str, dict[str, Any]]:
    """Every stored statement by id, as the JSON the store keeps."""
    rows = store.query("select toString(event_id), event from xapi_events_all")
    assert len(rows) == len({row[0] for row in rows}), "an id is stored twice"
    return {row[0]: json.loads(row[1]) for row in rows}


def _write_ndjson(path: Path, lines: Iterable[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines))
    return path


def _rejects(path: Path) -> list[dict[str, Any]]:
    """The reject file beside ``path``: ``<name>.rejects.ndjson``."""
    beside = path.with_name(path.name + ".rejects.ndjson")
    return [json.loads(line) for line in beside.read_text().splitlines()]


def _xapi_events_all_csv(path: Path, rows: Iterable[tuple[Any, Any, str]]) -> Path:
    """Write rows as openedx/xapi-db-load's csv backend does.

    ``csv.writer(...).writerow((event_id, emission_time, str(event)))`` on a text file (gzip
    for ``.gz``): no header, default dialect (minimal quoting, CRLF), the event JSON quoted with
    doubled quotes.
    """
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", newline="") as out:
        writer = csv.writer(out)
        for row in rows:
            writer.writerow(row)
    return path


def _video(actor: str, verb: str, ts: str, position: float) -> dict[str, Any]:
    """A video statement whose display text needs CSV quoting (commas and quotes)."""
    course = "course-v1:Org+C1+2026"
    return statement(
        verb=verb,
        actor=actor,
        ts=ts,
        object={
            "objectType": "Activity",
            "id": f"http://lms.example/xblock/block-v1:Org+C1+2026+type@video+block@v{actor}",
            "definition": {
                "type": "https://w3id.org/xapi/video/activity-type/video",
                "name": {"en-US": 'Lecture 1, "intro"'},
            },
        },
        result={"extensions": {"https://w3id.org/xapi/video/extensions/time": position}},
        context={
            "contextActivities": {
                "parent": [
                    {
                        "id": f"http://lms.example/course/{course}",
                        "definition": {"type": "http://adlnet.gov/expapi/activities/course"},
                    }
                ]
            }
        },
    )


def test_ndjson_file_stores_every_statement_and_skips_blank_lines(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    sent = [statement(actor=f"learner-{n}") for n in range(3)]
    path = _write_ndjson(
        tmp_path / "events.ndjson",
        [json.dumps(sent[0]), "", json.dumps(sent[1]), "   ", json.dumps(sent[2])],
    )
    summary = _load(store, settings, path)
    assert (summary.accepted, summary.already_stored, summary.total_rejected) == (3, 0, 0)
    assert summary.rejects_files == []
    assert not path.with_name("events.ndjson.rejects.ndjson").exists()
    assert _stored(store) == {s["id"]: s for s in sent}


def test_json_array_file_stores_every_statement(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    sent = [statement(actor=f"learner-{n}") for n in range(4)]
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(sent, indent=2))
    summary = _load(store, settings, path)
    assert (summary.accepted, summary.already_stored, summary.total_rejected) == (4, 0, 0)
    assert _stored(store) == {s["id"]: s for s in sent}


def test_json_file_holding_one_statement_object_stores_it(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    sent = statement()
    path = tmp_path / "one.json"
    path.write_text(json.dumps(sent, indent=2))
    summary = _load(store, settings, path)
    assert (summary.accepted, summary.already_stored, summary.total_rejected) == (1, 0, 0)
    assert _stored(store) == {sent["id"]: sent}


@pytest.mark.parametrize("name", ["xapi.csv", "xapi.csv.gz"])
def test_xapi_events_all_csv_as_xapi_db_load_writes_it_is_loaded(
    store: Store, settings: Settings, tmp_path: Path, name: str
) -> None:
    # Two learners each play and pause: 4 statements, emission_time as str(datetime).
    sent = [
        _video("a", PLAYED, "2026-01-05T10:00:00+00:00", 0.0),
        _video("a", PAUSED, "2026-01-05T10:01:30+00:00", 90.0),
        _video("b", PLAYED, "2026-01-05T11:00:00+00:00", 12.5),
        _video("b", PAUSED, "2026-01-05T11:00:20+00:00", 32.5),
    ]
    rows = [
        (uuid.UUID(s["id"]), datetime.fromisoformat(s["timestamp"]), json.dumps(s)) for s in sent
    ]
    path = _xapi_events_all_csv(tmp_path / name, rows)
    if not name.endswith(".gz"):
        text = path.read_bytes()
        assert b'""' in text and b"\r\n" in text  # really CSV-quoted, as the csv module writes

    summary = _load(store, settings, path)
    assert (summary.accepted, summary.already_stored, summary.total_rejected) == (4, 0, 0)
    assert _stored(store) == {s["id"]: s for s in sent}
    times = store.query("select toString(event_id), emission_time, video_time from xapi_events_all")
    expected = {
        sent[0]["id"]: (datetime(2026, 1, 5, 10, 0, 0), 0.0),
        sent[1]["id"]: (datetime(2026, 1, 5, 10, 1, 30), 90.0),
        sent[2]["id"]: (datetime(2026, 1, 5, 11, 0, 0), 12.5),
        sent[3]["id"]: (datetime(2026, 1, 5, 11, 0, 20), 32.5),
    }
    assert {row[0]: (row[1].replace(tzinfo=None), row[2]) for row in times} == expected


def test_csv_statement_without_an_id_takes_the_event_id_column(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    sent = statement()
    event_id = sent.pop("id")
    path = _xapi_events_all_csv(
        tmp_path / "noid.csv", [(event_id, "2026-01-05 10:00:00", json.dumps(sent))]
    )
    summary = _load(store, settings, path)
    assert summary.accepted == 1
    assert _stored(store) == {event_id: {**sent, "id": event_id}}


def test_csv_row_whose_event_id_differs_from_the_statement_id_is_rejected(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    good, bad = statement(actor="good"), statement(actor="bad")
    other_id = str(uuid.uuid4())
    path = _xapi_events_all_csv(
        tmp_path / "mismatch.csv",
        [
            (good["id"], "2026-01-05 10:00:00", json.dumps(good)),
            (other_id, "2026-01-05 10:00:00", json.dumps(bad)),
        ],
    )
    summary = _load(store, settings, path)
    assert summary.accepted == 1
    assert dict(summary.rejected) == {"id_mismatch": 1}
    assert set(_stored(store)) == {good["id"]}
    [reject] = _rejects(path)
    assert (reject["line"], reject["reason"], reject["field"]) == (2, "id_mismatch", "id")
    assert reject["statement"]["id"] == bad["id"]


def test_invalid_lines_go_to_the_rejects_file_with_line_reason_and_field(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    first, last = statement(actor="first"), statement(actor="last")
    no_actor = statement()
    del no_actor["actor"]
    lines = [
        json.dumps(first),  # 1 stored
        "",  # 2 blank, skipped but counted as a line
        '{"id": "broken',  # 3 not JSON
        json.dumps(no_actor),  # 4 no actor
        json.dumps(statement(ts="yesterday")),  # 5 timestamp not ISO 8601
        json.dumps(statement(id="not-a-uuid")),  # 6 bad id
        "[1, 2]",  # 7 not an object
        json.dumps(last),  # 8 stored
    ]
    path = _write_ndjson(tmp_path / "mixed.ndjson", lines)
    summary = _load(store, settings, path)

    assert summary.accepted == 2
    assert summary.already_stored == 0
    assert dict(summary.rejected) == {
        "body_not_json": 1,
        "missing_actor": 1,
        "bad_timestamp": 1,
        "bad_id": 1,
        "not_a_statement": 1,
    }
    assert summary.rejects_files == [tmp_path / "mixed.ndjson.rejects.ndjson"]
    assert set(_stored(store)) == {first["id"], last["id"]}
    rejects = _rejects(path)
    assert [(r["line"], r["reason"], r["field"]) for r in rejects] == [
        (3, "body_not_json", ""),
        (4, "missing_actor", "actor"),
        (5, "bad_timestamp", "timestamp"),
        (6, "bad_id", "id"),
        (7, "not_a_statement", ""),
    ]
    assert all(r["message"] for r in rejects)
    assert rejects[0]["statement"] == '{"id": "broken'  # the raw line when it is not JSON
    assert rejects[1]["statement"] == no_actor


def test_a_rerun_rewrites_the_rejects_file_and_removes_it_once_the_file_is_clean(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    good = statement()
    path = _write_ndjson(tmp_path / "events.ndjson", [json.dumps(good), "not json"])
    _load(store, settings, path)
    again = _load(store, settings, path)
    assert (again.accepted, again.already_stored, dict(again.rejected)) == (
        0,
        1,
        {"body_not_json": 1},
    )
    assert len(_rejects(path)) == 1  # replaced, not appended

    _write_ndjson(path, [json.dumps(good)])
    clean = _load(store, settings, path)
    assert (clean.accepted, clean.already_stored, clean.total_rejected) == (0, 1, 0)
    assert not path.with_name("events.ndjson.rejects.ndjson").exists()


def test_loading_the_same_file_twice_reports_all_already_stored_and_writes_nothing(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    sent = [statement(actor=f"learner-{n}") for n in range(5)]
    path = _write_ndjson(tmp_path / "events.ndjson", [json.dumps(s) for s in sent])
    first = _load(store, settings, path)
    assert (first.accepted, first.already_stored) == (5, 0)
    before = store.query("select toString(event_id), stored from xapi_events_all order by 1")

    second = _load(store, settings, path)
    assert (second.accepted, second.already_stored, second.total_rejected) == (0, 5, 0)
    after = store.query("select toString(event_id), stored from xapi_events_all order by 1")
    assert after == before  # same rows, same stored times: nothing was written again


def test_a_conflicting_statement_is_rejected_while_the_rest_of_the_file_goes_in(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    original = statement(actor="learner-1")
    _load(store, settings, _write_ndjson(tmp_path / "first.ndjson", [json.dumps(original)]))

    changed = {**original, "verb": {"id": "http://id.tincanapi.com/verb/unregistered"}}
    new = [statement(actor="learner-2"), statement(actor="learner-3")]
    path = _write_ndjson(
        tmp_path / "second.ndjson", [json.dumps(new[0]), json.dumps(changed), json.dumps(new[1])]
    )
    summary = _load(store, settings, path)

    assert (summary.accepted, summary.already_stored, dict(summary.rejected)) == (
        2,
        0,
        {"conflict": 1},
    )
    stored = _stored(store)
    assert set(stored) == {original["id"], new[0]["id"], new[1]["id"]}
    assert stored[original["id"]] == original  # the first body stays
    [reject] = _rejects(path)
    assert (reject["line"], reject["reason"], reject["field"]) == (2, "conflict", "id")
    assert reject["statement"] == changed


def test_an_id_repeated_inside_one_file_is_already_stored_when_equal_and_a_conflict_when_not(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    one, two = statement(actor="learner-1"), statement(actor="learner-2")
    # Same statement in meaning: "version" is set by the LRS and ignored (xAPI Part 2 §2.3).
    same = {**one, "version": "1.0.0"}
    changed = {**one, "timestamp": "2026-02-01T00:00:00+00:00"}
    path = _write_ndjson(
        tmp_path / "repeats.ndjson", [json.dumps(s) for s in (one, two, same, changed)]
    )
    summary = _load(store, settings, path)
    assert (summary.accepted, summary.already_stored, dict(summary.rejected)) == (
        2,
        1,
        {"conflict": 1},
    )
    assert [r["line"] for r in _rejects(path)] == [4]
    assert _stored(store) == {one["id"]: one, two["id"]: two}


def test_the_whole_erb_corpus_loaded_file_by_file(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    # Rejects are written beside the input, so load copies, never the shared corpus itself.
    copies = []
    for source in corpus_files():
        copies.append(tmp_path / source.name)
        shutil.copyfile(source, copies[-1])

    # Counted by hand from the corpus, files in name order (as the shell sorts them): 77 files,
    # 90 statements, 65 distinct ids. The first statement with each id is stored: 65.
    # 25 statements reuse an id already stored by an earlier file:
    # - 3 files repeat an earlier file exactly (`diff` of `json.tool --sort-keys` is empty):
    #   edx.course.grade.passed.first_time.json = edx.course.grade.now_passed.json,
    #   edx.ui.lms.link_clicked.json = edx.ui.lms.link_clicked(anonymous_user).json,
    #   video_hide_cc_menu.json = edx.video.closed_captions.hidden.json -> already stored.
    # - 22 single-statement files carry a different body under an earlier id (the 22 files
    #   tests/ingest/test_lrs_corpus.py lists as 409s) -> rejected as conflicts.
    # The 4 array files (17 statements) hold only new ids.
    summary = _load(store, settings, *copies)
    assert summary.accepted == 65
    assert summary.already_stored == 3
    assert dict(summary.rejected) == {"conflict": 22}
    assert len(summary.rejects_files) == 22
    assert store.query("select count(), uniqExact(event_id) from xapi_events_all")[0] == (65, 65)

    # Where an id repeats with another body, the earlier file's statement is the stored one.
    stored = _stored(store)
    [ccx] = corpus_statements("play_video.ccx.json")
    [plain] = corpus_statements("play_video.json")
    assert plain["id"] == ccx["id"] and plain != ccx
    assert stored[ccx["id"]]["context"] == ccx["context"]
    [reject] = _rejects(tmp_path / "play_video.json")
    assert (reject["line"], reject["reason"], reject["field"]) == (1, "conflict", "id")

    # A second pass finds all 65 + 3 equal bodies stored and the same 22 conflicts.
    again = _load(store, settings, *copies)
    assert (again.accepted, again.already_stored, dict(again.rejected)) == (
        0,
        68,
        {"conflict": 22},
    )
    assert store.query("select count() from xapi_events_all")[0][0] == 65


def _run_cli(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    # chDB holds one data directory per process: the command must open the session's, with
    # this test's database.
    monkeypatch.setenv("ASPECTS_STORE__DATABASE", settings.store.database)
    # Lines wide enough that no path of a temporary folder is folded: under a pytest-xdist
    # worker the paths are longer, and the console was made 80 columns wide at import.
    monkeypatch.setattr(console, "width", 1000)
    result = CliRunner().invoke(app, ["load", *args, "--data-dir", str(settings.data_dir)])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout, result.stderr


def test_aspects_load_command_prints_the_summary_and_exits_1_on_rejects(
    store: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = [statement(actor=f"learner-{n}") for n in range(3)]
    clean = _write_ndjson(tmp_path / "clean.ndjson", [json.dumps(s) for s in good])
    code, out, _ = _run_cli(settings, monkeypatch, str(clean))
    assert code == 0
    assert "accepted" in out and "3" in out
    assert store.query("select count() from xapi_events_all")[0][0] == 3

    dirty = _write_ndjson(tmp_path / "dirty.ndjson", [json.dumps(good[0]), "nope"])
    code, out, err = _run_cli(settings, monkeypatch, str(clean), str(dirty))
    assert code == 1
    lines = {" ".join(line.replace("│", " ").split()) for line in out.splitlines()}
    assert {"accepted 0", "already stored 4", "rejected: body_not_json 1"} <= lines
    assert "dirty.ndjson.rejects.ndjson" in "".join(err.split())
    assert store.query("select count() from xapi_events_all")[0][0] == 3


def test_aspects_load_command_refuses_a_missing_file_before_opening_the_store(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = _run_cli(settings, monkeypatch, str(tmp_path / "nowhere.ndjson"))
    assert code == 2
    assert "no such file" in err and "nowhere.ndjson" in err
