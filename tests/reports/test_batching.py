"""Every report gives identical rows however the same statements are split into requests."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.app import create_app
from aspects.reports import REPORTS, ReportQuery, run_report
from aspects.settings import Settings
from aspects.store import Store, open_store
from tests.conftest import post_statements
from tests.factories import (
    COMPLETED,
    COURSE,
    FAILED,
    PASSED,
    PAUSED,
    PLAYED,
    SEEKED,
    course_grade,
    enroll,
    pass_state,
    unenroll,
    video,
    video_key,
)

NAMESPACE = uuid.UUID("0b0c6c1e-8f57-4a8e-9d1c-5a1e2f3b4c5d")
AS_OF = datetime(2026, 12, 31, tzinfo=UTC)
VIDEOS = ("v1", "v2")


def _learner(rng: random.Random, n: int) -> list[dict[str, Any]]:
    """One learner's statements at strictly increasing times (no ties: `stored` would decide)."""
    actor = f"learner-{n}"
    minute = 0

    def when() -> str:
        nonlocal minute
        minute += rng.randint(1, 600)
        day, rest = divmod(minute, 24 * 60)
        return f"2026-01-{1 + day:02d}T{rest // 60:02d}:{rest % 60:02d}:00+00:00"

    out = [enroll(actor, when(), rng.choice(["audit", "verified"]))]
    for _ in range(rng.randint(0, 3)):
        kind = rng.random()
        if kind < 0.3:
            out.append(unenroll(actor, when()))
        elif kind < 0.6:
            out.append(enroll(actor, when(), rng.choice(["audit", "verified", "honor"])))
        else:
            out.append(
                course_grade(
                    actor, when(), round(rng.random(), 3), rng.choice([None, "Pass", "Fail", "B"])
                )
            )
    if rng.random() < 0.3:
        out.append(pass_state(actor, when(), rng.choice([PASSED, FAILED])))
    for name in VIDEOS:
        for _ in range(rng.randint(0, 3)):
            start = float(rng.randint(0, 25))
            out.append(video(actor, PLAYED, when(), start, video_name=name, length=30.0))
            close = rng.choice([PAUSED, SEEKED, COMPLETED, None])
            end = min(start + rng.randint(1, 12) + 0.5, 30.0)
            if close == SEEKED:
                out.append(
                    video(
                        actor,
                        SEEKED,
                        when(),
                        video_name=name,
                        length=30.0,
                        time_from=end,
                        time_to=0.0,
                    )
                )
            elif close == COMPLETED:
                out.append(video(actor, COMPLETED, when(), video_name=name, length=30.0))
            elif close == PAUSED:
                out.append(video(actor, PAUSED, when(), end, video_name=name, length=30.0))
    return out


def _statements() -> list[dict[str, Any]]:
    rng = random.Random(20260401)  # noqa: S311 -- repeatable test data, not a secret
    out = [s for n in range(15) for s in _learner(rng, n)]
    for index, item in enumerate(out):
        item["id"] = str(uuid.uuid5(NAMESPACE, str(index)))
    return out


def _queries() -> list[tuple[str, ReportQuery]]:
    period = {"start": date(2026, 1, 1), "end": date(2026, 2, 1), "as_of": AS_OF}
    out: list[tuple[str, ReportQuery]] = []
    for name in REPORTS:
        if name == "video-segments":
            for v in VIDEOS:
                for bucket in ("5", "1", "parts20"):
                    options = {"video": video_key(v), "bucket": bucket}
                    out.append((name, ReportQuery(COURSE, as_of=AS_OF, options=options)))
        elif name == "enrollment-over-time":
            for grain in ("day", "week", "month"):
                out.append(
                    (name, ReportQuery(COURSE, grain=grain, tz="America/New_York", **period))
                )  # type: ignore[arg-type]
        else:
            out.append((name, ReportQuery(COURSE, **period)))  # type: ignore[arg-type]
    return out


@contextmanager
def _fresh(settings: Settings, suffix: str) -> Iterator[tuple[TestClient, Store]]:
    store_settings = settings.store.model_copy(
        update={"database": f"{settings.store.database}_{suffix}"}
    )
    mine = settings.model_copy(update={"store": store_settings})
    store = open_store(mine)
    try:
        with TestClient(create_app(mine, store)) as client:
            yield client, store
    finally:
        store.execute(f"drop database if exists {store_settings.database}")
        store.close()


def _reports(store: Store) -> list[Any]:
    return [list(run_report(store, name, query).dicts()) for name, query in _queries()]


@pytest.mark.slow  # loads the same statements three ways and runs every report on each
def test_every_report_is_identical_in_one_request_one_per_request_and_shuffled_batches(
    settings: Settings, basic_auth: dict[str, str]
) -> None:
    statements = _statements()
    shuffled = statements[:]
    random.Random(7).shuffle(shuffled)  # noqa: S311 -- a repeatable shuffle
    batches, rest = [], shuffled
    rng = random.Random(11)  # noqa: S311 -- repeatable batch sizes
    while rest:
        size = rng.randint(1, 9)
        batches.append(rest[:size])
        rest = rest[size:]
    ways = {
        "one": [statements],
        "each": [[s] for s in statements],
        "shuffled": batches,
    }
    results = {}
    for suffix, requests in ways.items():
        with _fresh(settings, suffix) as (client, store):
            for request in requests:
                post_statements(client, basic_auth, request)
            results[suffix] = _reports(store)
    assert results["one"] == results["each"] == results["shuffled"]
    # The data set exercises every report: not all empty.
    names = [name for name, _ in _queries()]
    summary = results["one"][names.index("enrollment-summary")]
    assert summary[0]["total_enrollees"] == 15
    videos = [
        rows
        for (name, _), rows in zip(_queries(), results["one"], strict=True)
        if name == "video-segments"
    ]
    assert all(any(r["views"] for r in rows) for rows in videos)
