"""The structure-dependent reports give identical rows however statements are batched."""

from __future__ import annotations

import random
from typing import Any

import pytest

from aspects.reports import ReportQuery, run_report
from aspects.settings import Settings
from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import COURSE
from tests.reports.engagement_course import activity, load_structure
from tests.reports.test_batching import AS_OF, _fresh, _statements

REPORTS = (
    "engagement-pages",
    "engagement-videos",
    "engagement-problems",
    "video-watchers",
    "problem-performance",
    "assignment-performance",
)


def _reports(store: Store) -> list[list[dict[str, Any]]]:
    queries = [ReportQuery(COURSE, as_of=AS_OF), ReportQuery(COURSE, tz="Asia/Tokyo", as_of=AS_OF)]
    return [list(run_report(store, name, q).dicts()) for name in REPORTS for q in queries]


@pytest.mark.slow  # loads the same statements three ways and runs every report on each
def test_engagement_video_and_problem_reports_do_not_depend_on_batching(
    settings: Settings, basic_auth: dict[str, str]
) -> None:
    # The random learners of test_batching (videos v1, v2 with sessions of every kind) and the
    # hand-made course's navigation, video and problem statements.
    statements = _statements() + activity()
    shuffled = statements[:]
    random.Random(3).shuffle(shuffled)  # noqa: S311 -- a repeatable shuffle
    rng = random.Random(5)  # noqa: S311 -- repeatable batch sizes
    batches, rest = [], shuffled
    while rest:
        size = rng.randint(1, 9)
        batches.append(rest[:size])
        rest = rest[size:]
    ways = {"one": [statements], "each": [[s] for s in statements], "shuffled": batches}
    results = {}
    for suffix, requests in ways.items():
        with _fresh(settings, f"eng_{suffix}") as (client, store):
            load_structure(store)
            for request in requests:
                post_statements(client, basic_auth, request)
            results[suffix] = _reports(store)
    assert results["one"] == results["each"] == results["shuffled"]
    watchers = results["one"][2 * REPORTS.index("video-watchers")]
    assert watchers[0]["viewers"] > 2  # random learners watched v1 too: not trivially empty
