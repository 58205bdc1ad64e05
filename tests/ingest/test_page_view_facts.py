"""Learner facts, page views: kept exact as statements and course structures arrive.

The `page_views` view reads learner_page_views; the writer re-derives a learner's page views
after each insert that touches them, and the LMS sink re-derives a whole course when its
structure is written (units and the blocks placed in them decide which unit a statement
credits: METRICS.md "Page viewed").
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.ingest.facts import LearnerFacts
from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import statement, ts
from tests.reports.engagement_course import BLOCKS, activity, load_structure

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def views(store: Store) -> list[tuple[Any, ...]]:
    """Statements crediting each (learner, unit), by the unit's short name."""
    return store.query(
        "select actor_id, splitByChar('@', unit_key)[-1], sum(views) from page_views"
        " group by actor_id, unit_key order by all"
    )


def buckets(store: Store) -> list[tuple[Any, ...]]:
    """Every row of the `page_views` view, in a fixed order."""
    return store.query("select * from page_views order by all")


def void(target: dict[str, Any]) -> dict[str, Any]:
    return statement(
        verb=VOIDED,
        actor="admin",
        ts=ts("2026-03-20"),
        object={"objectType": "StatementRef", "id": target["id"]},
    )


def test_a_structure_written_after_the_statements_credits_their_units(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    post_statements(client, basic_auth, activity())
    # Without structure only navigations on a unit credit it (test_page_views).
    assert views(store) == [("bob", "u5", 1), ("dave", "u6", 1), ("erin", "u6", 1)]
    load_structure(store)
    # The same as with the structure first (tests/reports/test_page_views.py, hand-worked).
    assert views(store) == [
        ("alice", "u1", 3),
        ("alice", "u2", 2),
        ("alice", "u4", 7),
        ("bob", "u2", 3),
        ("bob", "u3", 1),
        ("bob", "u4", 3),
        ("bob", "u5", 2),
        ("carol", "u1", 2),
        ("carol", "u4", 2),
        ("dave", "u6", 1),
        ("erin", "u6", 1),
    ]


def test_a_republished_structure_moves_the_credit_and_leaves_nothing_behind(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    load_structure(store)
    post_statements(client, basic_auth, activity())
    # A new dump without unit u1 (and its video v1): v1's statements and the navigations to
    # Intro's position 1 credit no unit any more; every other credit stays.
    dump = {"dump_id": uuid.uuid4(), "time_last_dumped": datetime.now(UTC)}  # a newer dump
    moved = [{**b, **dump} for b in BLOCKS if not b["location"].endswith(("@u1", "@v1"))]
    load_structure(store, moved)
    expected = [
        ("alice", "u2", 2),
        ("alice", "u4", 7),
        ("bob", "u2", 3),
        ("bob", "u3", 1),
        ("bob", "u4", 3),
        ("bob", "u5", 2),
        ("carol", "u4", 2),
        ("dave", "u6", 1),
        ("erin", "u6", 1),
    ]
    assert views(store) == expected
    LearnerFacts(store).rebuild()
    assert views(store) == expected


def _shuffled(rng: random.Random) -> list[dict[str, Any]]:
    bodies = activity()
    voidings = [void(target) for target in rng.sample(bodies, 6)]
    pending = bodies + voidings
    rng.shuffle(pending)  # late arrivals, voidings before their targets
    return pending


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_every_batch_in_any_order_the_page_views_equal_a_rebuild(
    client: TestClient, basic_auth: dict[str, str], store: Store, seed: int
) -> None:
    rng = random.Random(seed)  # noqa: S311  (a reproducible test data set)
    load_structure(store)
    pending = _shuffled(rng)
    facts = LearnerFacts(store)
    while pending:
        size = rng.randint(1, 5)
        batch, pending = pending[:size], pending[size:]
        post_statements(client, basic_auth, batch)
        incremental = buckets(store)
        facts.rebuild()
        assert buckets(store) == incremental
    assert incremental, "the data set should leave some page views"
