"""Freshness: a report asked right after a POST's 200 counts the statements it carried.

The writer derives learner facts on a thread of its own; every route that reads them waits
for the batches already acknowledged (aspects.context.settled_facts). Here the deriving thread
is slowed down, so a route that did not wait would answer from facts without the statements.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.ingest.facts import LearnerFacts
from aspects.reports import REPORTS
from aspects.store import Store
from tests.factories import (
    COURSE,
    PAUSED,
    PLAYED,
    answer,
    enroll,
    navigate_block,
    ts,
    usage_key,
    video,
    video_key,
)
from tests.reports.engagement_course import load_structure


def _reports(client: TestClient) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for name, spec in sorted(REPORTS.items()):
        params = {"as_of": "2026-04-01T00:00:00Z"}
        if "video" in {option.name for option in spec.options}:
            params["video"] = video_key("v1")
        response = client.get(f"/api/v1/courses/{COURSE}/reports/{name}", params=params)
        assert response.status_code == 200, (name, response.text)
        seen[name] = response.json()["rows"]
    learners = client.get(
        f"/api/v1/courses/{COURSE}/groups/at-risk/learners",
        params={"as_of": "2026-04-01T00:00:00Z", "inactive_days": "1"},
    )
    seen["at-risk"] = learners.json()["rows"]
    return seen


def test_each_report_right_after_a_post_counts_its_statements(
    client: TestClient,
    basic_auth: dict[str, str],
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load_structure(store)
    before = _reports(client)
    derive = LearnerFacts.derive

    def slow_derive(self: LearnerFacts, *args: Any) -> None:
        time.sleep(0.5)  # the thread is behind: a route that did not wait reads stale facts
        derive(self, *args)

    monkeypatch.setattr(LearnerFacts, "derive", slow_derive)
    statements = [
        enroll("zed", ts("2026-03-02")),
        navigate_block("zed", ts("2026-03-02", "10:05:00"), usage_key("sequential", "intro"), 1),
        video("zed", PLAYED, ts("2026-03-02", "10:06:00"), 0.0),
        video("zed", PAUSED, ts("2026-03-02", "10:06:30"), 12.0),
        answer("zed", ts("2026-03-02", "10:08:00"), "p1", True),
    ]
    response = client.post("/xAPI/statements", json=statements, headers=basic_auth)
    assert response.status_code == 200, response.text
    fresh = _reports(client)  # no settling here: the routes must do it
    changed = {name for name in fresh if fresh[name] != before[name]}
    # Every report the statements touch answers with them at once...
    for name in (
        "enrollment-summary",
        "engagement-pages",
        "engagement-videos",
        "engagement-problems",
        "video-watchers",
        "video-segments",
        "problem-performance",
        "at-risk",
    ):
        assert name in changed, name
    # ...and exactly what the facts rebuilt from every statement give.
    LearnerFacts(store).rebuild()
    assert _reports(client) == fresh
