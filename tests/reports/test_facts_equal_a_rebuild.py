"""After every batch, in any order, every report and group equals a computation from scratch.

Random statements of a few learners (enrollments and unenrollments, navigation, video play /
pause / seek / complete, problem answers, grades, passing, forum posts, voidings, late
arrivals) are sent in random batches. After each batch every course report (whole history and
a past local period with an earlier as_of), the at-risk group and the roster as of instants
between the statements are read, the learner facts are rebuilt from the statements
(LearnerFacts.rebuild: what a fresh store computes), and everything is read again: it must be
equal. The roster as of an instant is also compared with its recomputation from every
statement (models/learners/roster_state.sql for every learner), not only the facts' rows.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.groups.roster import load_roster, roster_params, states_sql
from aspects.ingest.facts import LearnerFacts
from aspects.models import load_sql
from aspects.reports import REPORTS
from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import (
    COMPLETED,
    COURSE,
    FAILED,
    PASSED,
    PAUSED,
    PLAYED,
    SEEKED,
    answer,
    course_grade,
    enroll,
    forum,
    navigate_block,
    pass_state,
    statement,
    ts,
    unenroll,
    usage_key,
    video,
    video_key,
)
from tests.reports.engagement_course import load_structure

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
LEARNERS = ("ann", "bo", "cy", "di")
INSTANTS = (
    datetime(2026, 3, 5, 12, tzinfo=UTC),
    datetime(2026, 3, 11, 0, tzinfo=UTC),
    datetime(2026, 3, 30, tzinfo=UTC),
)
PERIODS = ({}, {"from": "2026-03-03", "to": "2026-03-09", "tz": "Asia/Kathmandu"})


def _when(rng: random.Random) -> str:
    day = rng.randint(1, 14)
    return ts(f"2026-03-{day:02d}", f"{rng.randint(0, 23):02d}:{rng.choice([0, 7, 15, 44]):02d}:00")


def _one(rng: random.Random, actor: str) -> dict[str, Any]:
    when, kind = _when(rng), rng.randrange(9)
    if kind == 0:
        return enroll(actor, when, rng.choice(["audit", "verified"]))
    if kind == 1:
        return unenroll(actor, when)
    if kind == 2:
        seq = rng.choice(["intro", "quiz", "lab"])
        return navigate_block(actor, when, usage_key("sequential", seq), rng.randint(1, 3))
    if kind == 3:
        unit = rng.choice(["u1", "u2", "u5", "u6"])
        return navigate_block(actor, when, usage_key("vertical", unit), jump_to=rng.random() < 0.5)
    if kind == 4:
        verb = rng.choice([PLAYED, PLAYED, PAUSED, SEEKED, COMPLETED])
        name = rng.choice(["v1", "v2"])
        position = round(rng.uniform(0, 20), 1)
        if verb == SEEKED:
            return video(actor, verb, when, video_name=name, time_from=position, time_to=0.0)
        return video(actor, verb, when, position, video_name=name)
    if kind == 5:
        return answer(actor, when, rng.choice(["p1", "p2", "p3"]), rng.random() < 0.5)
    if kind == 6:
        return course_grade(actor, when, round(rng.random(), 3))
    if kind == 7:
        return pass_state(actor, when, rng.choice([PASSED, FAILED]))
    return forum(actor, when)


def _statements(rng: random.Random) -> list[dict[str, Any]]:
    out = [enroll(actor, _when(rng)) for actor in LEARNERS]
    out += [_one(rng, rng.choice(LEARNERS)) for _ in range(40)]
    voidings = [
        statement(
            verb=VOIDED,
            actor="admin",
            ts=ts("2026-03-20"),
            object={"objectType": "StatementRef", "id": target["id"]},
        )
        for target in rng.sample(out, 5)
    ]
    pending = out + voidings
    rng.shuffle(pending)  # late arrivals; voidings before their targets
    return pending


def _everything(client: TestClient, store: Store) -> dict[str, Any]:
    """Every report, the at-risk group and the roster at a few instants, as the API gives them."""
    seen: dict[str, Any] = {}
    for name, spec in sorted(REPORTS.items()):
        for n, period in enumerate(PERIODS):
            params = dict(period)
            if n:
                params["as_of"] = "2026-03-08T18:00:00Z"
            if "video" in {option.name for option in spec.options}:
                params["video"] = video_key("v1")
            response = client.get(f"/api/v1/courses/{COURSE}/reports/{name}", params=params)
            assert response.status_code == 200, (name, response.text)
            seen[f"{name} {n}"] = response.json()["rows"]
    for instant in INSTANTS:
        as_of = instant.isoformat()
        response = client.get(
            f"/api/v1/courses/{COURSE}/groups/at-risk/learners",
            params={"as_of": as_of, "inactive_days": "3"},
        )
        assert response.status_code == 200, response.text
        seen[f"at-risk {as_of}"] = response.json()["rows"]
        seen[f"roster {as_of}"] = load_roster(store, COURSE, instant, pii=True)
    return seen


def _recomputed(store: Store, instant: datetime) -> list[tuple[Any, ...]]:
    """The roster states as of ``instant`` from every statement (no learner_roster row)."""
    params = {**roster_params(store, COURSE, instant), "scope_late": False}
    states = store.query(f"select * from {_STATE} order by actor_id", params)  # noqa: S608
    return [row[1:-1] for row in states]  # without the course and latest_at


_STATE = "(\n" + load_sql("learners/roster_state") + "\n)"


def _roster_states(store: Store, instant: datetime) -> list[tuple[Any, ...]]:
    params = roster_params(store, COURSE, instant)
    sql = "(\n" + states_sql("learners/roster_states", params) + "\n)"
    return store.query(f"select * from {sql} order by actor_id", params)  # noqa: S608


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11, 12, 13])
def test_after_every_batch_every_report_and_group_equals_a_rebuild(
    client: TestClient, basic_auth: dict[str, str], store: Store, seed: int
) -> None:
    rng = random.Random(seed)  # noqa: S311  (a reproducible test data set)
    load_structure(store)
    pending = _statements(rng)
    facts = LearnerFacts(store)
    while pending:
        size = rng.randint(1, 12)
        batch, pending = pending[:size], pending[size:]
        post_statements(client, basic_auth, batch)
        incremental = _everything(client, store)
        for instant in INSTANTS:
            assert _roster_states(store, instant) == _recomputed(store, instant), instant
        facts.rebuild()
        assert _everything(client, store) == incremental
    assert any(incremental[f"at-risk {i.isoformat()}"] for i in INSTANTS) or any(
        incremental[f"roster {i.isoformat()}"] for i in INSTANTS
    )
