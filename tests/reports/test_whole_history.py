"""A report's whole-history SQL gives the rows of its SQL for any period, when it may be used.

Reports with a ``whole`` SQL (aspects.reports.spec) read the learner facts' summaries over a
course's whole history instead of every fact with its time. They are used only when the
period holds everything (no ``from``, ``to`` after as_of) and no statement of the course is
later than as_of or without a learner (course_span). With a ``from`` long before the course the
rows must be the same, computed the other way: random statements of the property test
(tests/reports/test_facts_equal_a_rebuild.py: videos played, paused, seeked and completed,
voidings, late arrivals), for every learner and for a learner group.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.ingest.facts import LearnerFacts
from aspects.reports import REPORTS
from aspects.reports.query import ReportQuery
from aspects.reports.run import LearnerFilter, run_report, whole_history
from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import (
    COMPLETED,
    COURSE,
    EXT_LENGTH,
    PAUSED,
    PLAYED,
    SEEKED,
    enroll,
    ts,
    video,
    video_key,
)
from tests.reports.engagement_course import load_structure
from tests.reports.test_facts_equal_a_rebuild import LEARNERS, _statements

WHOLE = sorted(name for name, spec in REPORTS.items() if spec.whole)
LONG_BEFORE = date(2001, 1, 1)
# The report-specific parameters each report is read with (one empty set: none).
OPTIONS: dict[str, list[dict[str, str]]] = {
    "video-segments": [
        {"video": video_key(name), "bucket": bucket}
        for name in ("v1", "v2", "v9")
        for bucket in ("5", "1", "parts20")
    ]
}


def _watching(rng: random.Random, actor: str) -> dict[str, Any]:
    """A video statement: a placed or an unplaced video, a length or none, a `completed`
    with or without a position (then it ends at the longest length reported)."""
    when = ts(
        f"2026-03-{rng.randint(1, 14):02d}", f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"
    )
    verb = rng.choice([PLAYED, PLAYED, PLAYED, PAUSED, PAUSED, SEEKED, COMPLETED, COMPLETED])
    name, at = rng.choice(["v1", "v2", "v9"]), round(rng.uniform(0, 30), 1)
    length = None if verb == COMPLETED and rng.random() < 0.6 else rng.choice([20.0, 26.5, None])
    if verb == SEEKED:
        body = video(actor, verb, when, video_name=name, time_from=at, time_to=rng.uniform(0, 30))
    else:
        position = None if verb == COMPLETED and rng.random() < 0.5 else at
        body = video(actor, verb, when, position, video_name=name, length=length or 0.0)
    if length is None:
        del body["context"]["extensions"][EXT_LENGTH]
    return body


def _whole(store: Store, name: str, query: ReportQuery) -> bool:
    spec = REPORTS[name]
    return whole_history(store, spec, spec.validate(query, query.resolved_as_of(None)))


def test_some_reports_have_a_whole_history_sql() -> None:
    assert "video-watchers" in WHOLE


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_the_whole_history_sql_gives_the_rows_of_the_reports_sql(
    client: TestClient, basic_auth: dict[str, str], store: Store, seed: int
) -> None:
    rng = random.Random(seed)  # noqa: S311  (a reproducible test data set)
    load_structure(store)
    pending = _statements(rng) + [_watching(rng, rng.choice(LEARNERS)) for _ in range(90)]
    rng.shuffle(pending)
    groups = [None, LearnerFilter(frozenset(rng.sample(LEARNERS, 2)))]
    while pending:
        size = rng.randint(5, 15)
        batch, pending = pending[:size], pending[size:]
        post_statements(client, basic_auth, batch)
        for name in WHOLE:
            for options in OPTIONS.get(name, [{}]):
                now = ReportQuery(course_key=COURSE, options=options)
                before = ReportQuery(course_key=COURSE, start=LONG_BEFORE, options=options)
                assert _whole(store, name, now)
                assert not _whole(store, name, before)
                for learners in groups:
                    whole = run_report(store, name, now, learners)
                    general = run_report(store, name, before, learners)
                    assert whole.rows == general.rows, (name, options, learners)
    watched = run_report(store, "video-watchers", ReportQuery(course_key=COURSE)).rows
    assert any(row.viewers for row in watched)  # the data watched something
    # Some segments end at the video's length (a `completed` without a position or length).
    opened = "select countIf(notEmpty(open_starts)) from learner_video_segments final"
    assert store.query(opened)[0][0] > 0
    # The span widened batch by batch is the one a rebuild computes from every statement.
    spans = (
        "select course_key, min(earliest_at), max(latest_at), sum(anonymous) from course_span "
        "group by course_key order by course_key"
    )
    widened = store.query(spans)
    LearnerFacts(store).rebuild()
    assert store.query(spans) == widened and widened


def test_a_statement_later_than_as_of_or_without_a_learner_takes_the_reports_sql(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    post_statements(
        client,
        basic_auth,
        [
            enroll("ann", ts("2026-03-01")),
            video("ann", PLAYED, ts("2026-03-02"), 0.0),
            video("ann", PAUSED, ts("2026-03-02", "10:05:00"), 30.0),
        ],
    )
    now = ReportQuery(course_key=COURSE)
    assert _whole(store, "video-watchers", now)
    before = ReportQuery(course_key=COURSE, as_of=datetime(2026, 3, 2, 10, 1, tzinfo=UTC))
    assert not _whole(store, "video-watchers", before)  # the pause came later
    at_last = ReportQuery(course_key=COURSE, as_of=datetime(2026, 3, 2, 10, 5, tzinfo=UTC))
    assert _whole(store, "video-watchers", at_last)
    ended = ReportQuery(course_key=COURSE, end=date(2026, 3, 2))  # before the video day
    assert not _whole(store, "video-watchers", ended)
    # A statement no learner holds (an actor without an identifier): the report's SQL.
    store.insert(
        "course_span",
        [(COURSE, datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC), 1)],
        ("course_key", "earliest_at", "latest_at", "anonymous"),
    )
    assert not _whole(store, "video-watchers", now)
