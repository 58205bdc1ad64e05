"""Learner facts (video segments) kept exact as statements arrive (DESIGN.md "Learner facts").

The `video_segments` view reads the facts; the writer recomputes a learner's facts from all of
their statements after each insert that touches them. Whatever the batching, order of arrival,
voiding or crash, the facts equal a rebuild from the statements.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.ingest.facts import DEFINITION, NAME, LearnerFacts
from aspects.ingest.statement import prepare
from aspects.ingest.writer import INSERT_COLUMNS, TABLE, Writer, _row
from aspects.settings import Settings
from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import (
    COMPLETED,
    EXT_LENGTH,
    PAUSED,
    PLAYED,
    SEEKED,
    TERMINATED,
    statement,
    ts,
    video,
    video_key,
)

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def segments(store: Store) -> list[tuple[Any, ...]]:
    """Every row of the `video_segments` view, in a fixed order."""
    return store.query(
        "select actor_id, video_key, segment_start, segment_end, opened_at, closed_at"
        " from video_segments order by all"
    )


def without_length(body: dict[str, Any]) -> dict[str, Any]:
    """The statement with no video length in its context (some players send none)."""
    body["context"].pop("extensions", None)
    return body


def void(actor: str, when: str, target: dict[str, Any]) -> dict[str, Any]:
    return statement(
        verb=VOIDED, actor=actor, ts=when, object={"objectType": "StatementRef", "id": target["id"]}
    )


def test_a_completed_without_position_ends_at_the_length_another_learner_reports_later(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    # ann: played at 5 s, then `completed` with neither position nor length: her segment ends
    # at the video's length, which no statement has reported yet, so she has no segment.
    ann = [
        without_length(video("ann", PLAYED, ts("2026-03-02", "10:00:00"), 5.0)),
        without_length(video("ann", COMPLETED, ts("2026-03-02", "10:01:00"))),
    ]
    post_statements(client, basic_auth, ann)
    assert segments(store) == []
    # bo's statements report a length of 30 s: ann's segment is 5 → 30 (hers untouched since).
    bo = [
        video("bo", PLAYED, ts("2026-03-03", "10:00:00"), 0.0, length=30.0),
        video("bo", PAUSED, ts("2026-03-03", "10:00:10"), 10.0, length=30.0),
    ]
    post_statements(client, basic_auth, bo)
    key = video_key()
    at = [
        datetime(2026, 3, d, 10, m, s) for d, m, s in ((2, 0, 0), (2, 1, 0), (3, 0, 0), (3, 0, 10))
    ]
    assert segments(store) == [
        ("ann", key, 5.0, 30.0, at[0], at[1]),
        ("bo", key, 0.0, 10.0, at[2], at[3]),
    ]


def test_voiding_a_learners_video_statements_removes_their_segments(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    played = video("ann", PLAYED, ts("2026-03-02", "10:00:00"), 0.0)
    paused = video("ann", PAUSED, ts("2026-03-02", "10:00:10"), 10.0)
    post_statements(client, basic_auth, [played, paused])
    assert [row[2:4] for row in segments(store)] == [(0.0, 10.0)]
    # Voiding the pause leaves a `played` that nothing closes: no segment.
    post_statements(client, basic_auth, [void("admin", ts("2026-03-04"), paused)])
    assert segments(store) == []
    # Voiding the play too leaves ann no video statement at all: still none.
    post_statements(client, basic_auth, [void("admin", ts("2026-03-04"), played)])
    assert segments(store) == []


def _random_statements(rng: random.Random) -> list[dict[str, Any]]:
    """Video statements of three learners on two videos, some of them voided later."""
    out: list[dict[str, Any]] = []
    for actor in ("ann", "bo", "cy"):
        for name in ("v1", "v2"):
            position = 0.0
            for n in range(rng.randint(2, 8)):
                verb = rng.choice([PLAYED, PLAYED, PAUSED, SEEKED, TERMINATED, COMPLETED])
                when = ts(f"2026-03-{1 + n:02d}", f"1{rng.randint(0, 9)}:00:00")
                position = round(min(60.0, position + rng.uniform(0, 15)), 1)
                if verb == SEEKED:
                    body = video(actor, verb, when, time_from=position, time_to=0.0)
                elif verb == COMPLETED and rng.random() < 0.5:
                    body = video(actor, verb, when, video_name=name)  # no position
                else:
                    body = video(actor, verb, when, position, video_name=name)
                if rng.random() < 0.3:
                    body = without_length(body)
                elif rng.random() < 0.3:
                    body["context"]["extensions"][EXT_LENGTH] = rng.choice([45.0, 60.0])
                out.append(body)
    voidings = [void("admin", ts("2026-03-20"), target) for target in rng.sample(out, 8)]
    return out + voidings


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_after_every_batch_in_any_order_the_facts_equal_a_rebuild(
    client: TestClient, basic_auth: dict[str, str], store: Store, seed: int
) -> None:
    rng = random.Random(seed)  # noqa: S311  (a reproducible test data set)
    pending = _random_statements(rng)
    rng.shuffle(pending)  # late arrivals: timestamps out of order, voidings before targets
    # Half the voidings last, once nothing else touches their learners: only the voiding
    # itself can bring their facts up to date.
    last = [s for s in pending if s["verb"]["id"] == VOIDED][:4]
    pending = [s for s in pending if s not in last] + last
    facts = LearnerFacts(store)
    while pending:
        size = rng.randint(1, 6)
        batch, pending = pending[:size], pending[size:]
        post_statements(client, basic_auth, batch)
        incremental = segments(store)
        facts.rebuild()
        assert segments(store) == incremental
    assert incremental, "the data set should leave some segments"


def _direct_insert(store: Store, bodies: list[dict[str, Any]]) -> None:
    """Statements stored as an insert leaves them when the process dies before deriving."""
    now = datetime.now(UTC)
    store.insert(TABLE, [_row(prepare(b, now), now, "erb") for b in bodies], INSERT_COLUMNS)


def test_a_store_whose_writer_died_between_insert_and_derivation_is_rebuilt_at_start(
    store: Store, settings: Settings
) -> None:
    crashed = Writer(store, settings.writer)
    crashed.start()  # marks the facts "in use": not cleanly stopped
    _direct_insert(
        store,
        [
            video("ann", PLAYED, ts("2026-03-02", "10:00:00"), 0.0),
            video("ann", PAUSED, ts("2026-03-02", "10:00:10"), 10.0),
        ],
    )
    assert segments(store) == []  # stored, never derived
    restarted = Writer(store, settings.writer)
    restarted.start()
    try:
        assert [row[2:4] for row in segments(store)] == [(0.0, 10.0)]
    finally:
        restarted.stop()
        crashed.stop()


def test_facts_of_another_definition_are_rebuilt_at_start(store: Store, settings: Settings) -> None:
    writer = Writer(store, settings.writer)
    writer.start()
    writer.stop()  # a clean stop...
    later = datetime(2100, 1, 1, tzinfo=UTC)  # ...recorded by an older release's definition
    store.insert(
        "learner_facts_state",
        [(NAME, DEFINITION - 1, True, later)],
        ("name", "definition", "clean", "at"),
    )
    _direct_insert(
        store,
        [
            video("bo", PLAYED, ts("2026-03-02", "10:00:00"), 2.0),
            video("bo", PAUSED, ts("2026-03-02", "10:00:10"), 4.0),
        ],
    )
    writer = Writer(store, settings.writer)
    writer.start()
    writer.stop()
    assert [row[2:4] for row in segments(store)] == [(2.0, 4.0)]


def test_aspects_rebuild_recomputes_the_facts_and_says_how_fast(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from aspects.cli import app

    _direct_insert(
        store,
        [
            video("cy", PLAYED, ts("2026-03-02", "10:00:00"), 1.0),
            video("cy", PAUSED, ts("2026-03-02", "10:00:10"), 3.0),
        ],
    )
    assert segments(store) == []
    monkeypatch.setenv("ASPECTS_STORE__DATABASE", settings.store.database)
    result = CliRunner().invoke(app, ["rebuild", "--data-dir", str(settings.data_dir)])
    assert result.exit_code == 0, result.output
    assert "learner facts rebuilt from 2 statements" in result.output
    assert "statements/s" in result.output
    assert [row[2:4] for row in segments(store)] == [(1.0, 3.0)]


def test_a_voided_statements_length_does_not_end_anothers_segment(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    ann = [
        without_length(video("ann", PLAYED, ts("2026-03-02", "10:00:00"), 5.0)),
        without_length(video("ann", COMPLETED, ts("2026-03-02", "10:01:00"))),
    ]
    bo = video("bo", PLAYED, ts("2026-03-03", "10:00:00"), 0.0, length=30.0)
    post_statements(client, basic_auth, [*ann, bo])
    assert [row[:4] for row in segments(store)] == [("ann", video_key(), 5.0, 30.0)]
    # With bo's statement voided no statement reports the length: ann's segment has no end.
    post_statements(client, basic_auth, [void("admin", ts("2026-03-04"), bo)])
    assert segments(store) == []
