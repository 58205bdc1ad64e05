"""Refused statements by reason: counted at ingest, kept in the store, read by the report."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from aspects.app import create_app
from aspects.cli import app as cli
from aspects.ingest.rejection_log import RejectionLog
from aspects.settings import Settings
from aspects.store import Store
from tests.factories import statement
from tests.operator.conftest import table

REJECTIONS = "reason, source, rejected"


def _hour(instant: datetime) -> str:
    return instant.astimezone(UTC).replace(minute=0, second=0, microsecond=0).isoformat()


def test_lrs_refusals_are_counted_by_reason_and_survive_a_restart(
    settings: Settings, store: Store, basic_auth: dict[str, str], operator_client: TestClient
) -> None:
    operator_header = {"Authorization": operator_client.headers["Authorization"]}
    before = datetime.now(UTC)
    with TestClient(create_app(settings, store)) as first:
        no_actor = [statement(), statement()]
        for body in no_actor:
            del body["actor"]
        assert first.post("/xAPI/statements", json=no_actor, headers=basic_auth).status_code == 400
        response = first.post("/xAPI/statements", content=b"{nope", headers=basic_auth)
        assert response.status_code == 400
        wrong = {"Authorization": "Basic ZXJiOndyb25n"}
        assert first.post("/xAPI/statements", json=statement(), headers=wrong).status_code == 401
    after = datetime.now(UTC)  # the app has stopped: what it counted is written

    with TestClient(create_app(settings, store), headers=operator_header) as second:
        assert table(second, "rejections", REJECTIONS) == [
            ("missing_actor", "lrs", 2),  # one per refused statement
            ("body_not_json", "lrs", 1),  # a request refused as a whole counts one
            ("unauthorized", "lrs", 1),
        ]
        hours = {row[0] for row in table(second, "rejections", "last_hour")}
    assert hours <= {_hour(before).replace("+00:00", "Z"), _hour(after).replace("+00:00", "Z")}


def test_the_log_writes_its_counts_every_interval_while_the_app_runs(store: Store) -> None:
    log = RejectionLog(store)
    log.start(interval=0.05)
    try:
        log.add("bad_verb", 3)
        deadline = time.monotonic() + 10
        while not store.query("select sum(statements) from rejected_statements")[0][0]:
            assert time.monotonic() < deadline, "the counts were never written"
            time.sleep(0.02)
    finally:
        log.stop()
    assert store.query(
        "select reason, source, sum(statements) from rejected_statements group by all"
    ) == [("bad_verb", "lrs", 3)]


def test_counts_are_kept_per_utc_hour_and_kept_when_a_write_fails(store: Store) -> None:
    now = [datetime(2026, 3, 5, 22, 59, tzinfo=UTC)]
    log = RejectionLog(store, clock=lambda: now[0])
    log.add("bad_id")
    assert log.flush() == 1
    now[0] += timedelta(minutes=11)  # 23:10
    log.add("bad_verb")
    log.add("bad_verb", 2)
    now[0] += timedelta(minutes=55)  # 03-06 00:05: the next hour
    log.add("bad_verb")
    store.execute("rename table rejected_statements to rejected_statements_away")
    with pytest.raises(Exception, match="rejected_statements"):
        log.flush()  # the store refuses: the counts wait for the next flush
    store.execute("rename table rejected_statements_away to rejected_statements")
    assert log.flush() == 2
    rows = store.query(
        "select hour, reason, sum(statements) from rejected_statements "
        "group by hour, reason order by hour"
    )
    assert rows == [
        (datetime(2026, 3, 5, 22), "bad_id", 1),
        (datetime(2026, 3, 5, 23), "bad_verb", 3),
        (datetime(2026, 3, 6, 0), "bad_verb", 1),
    ]
    assert log.flush() == 0  # nothing pending: nothing written twice


def test_the_period_and_zone_select_refusal_hours_by_their_start(
    store: Store, operator_client: TestClient
) -> None:
    log = RejectionLog(store, clock=lambda: datetime(2026, 3, 5, 23, 30, tzinfo=UTC))
    log.add("bad_timestamp", 4)
    log.flush()
    as_of = "2026-03-10T00:00:00Z"
    utc_day = {"from": "2026-03-05", "to": "2026-03-06", "as_of": as_of}
    assert table(operator_client, "rejections", REJECTIONS, **utc_day) == [
        ("bad_timestamp", "lrs", 4)
    ]
    # 23:00Z is midnight of the 6th in Paris.
    paris_5th = {**utc_day, "tz": "Europe/Paris"}
    assert table(operator_client, "rejections", REJECTIONS, **paris_5th) == []
    paris_6th = {"from": "2026-03-06", "to": "2026-03-07", "tz": "Europe/Paris", "as_of": as_of}
    assert table(operator_client, "rejections", "reason, last_hour", **paris_6th) == [
        ("bad_timestamp", "2026-03-05T23:00:00Z")
    ]
    assert (
        table(
            operator_client,
            "rejections",
            REJECTIONS,
            **{**utc_day, "as_of": "2026-03-05T22:00:00Z"},
        )
        == []
    )


def test_statements_refused_by_aspects_load_are_counted_as_load(
    store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    operator_client: TestClient,
) -> None:
    bad: dict[str, Any] = statement()
    del bad["verb"]
    path = tmp_path / "mixed.ndjson"
    path.write_text("\n".join([json.dumps(statement()), json.dumps(bad), "nope"]) + "\n")
    monkeypatch.setenv("ASPECTS_STORE__DATABASE", settings.store.database)
    result = CliRunner().invoke(cli, ["load", str(path), "--data-dir", str(settings.data_dir)])
    assert result.exit_code == 1, result.output
    assert sorted(table(operator_client, "rejections", REJECTIONS)) == [
        ("body_not_json", "load", 1),
        ("missing_verb", "load", 1),
    ]
