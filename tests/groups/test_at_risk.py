"""The at-risk rule on a hand-built course: each condition alone keeps one learner out."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from aspects.groups.roster import load_roster
from aspects.groups.rules import at_risk
from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import (
    COURSE,
    FAILED,
    PASSED,
    PAUSED,
    PLAYED,
    VIEWED,
    enroll,
    evaluated,
    forum,
    home,
    jump_to,
    key,
    navigate,
    pass_state,
    structure,
    ts,
    unenroll,
    video,
    xblock,
)

AS_OF = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)  # 7 days before: 2026-03-08 12:00 UTC
SEQ = key("sequential", "s1")
PROBLEM = key("problem", "p1")

# Expected by hand (METRICS.md "At-risk learners", inactive_days = 7):
#   r1  watched seconds 0-12 of a video 03-05, nothing since      → at risk
#   r2  engaged 03-05, visited again 03-10 (5 days ago)           → out: recent visit
#   r3  engaged 03-05, unenrolled 03-06                           → out: not a current enrollee
#   r4  engaged 03-05, passed 03-06                               → out: passed
#   r5  only viewed a forum thread 03-02 (a visit, no engagement) → out: never engaged
#   r6  only the enrollment statement                             → out: no visit, no engagement
#   r7  only opened the course home page 03-02                    → out: engaged only on home
#   r8  posted in the forum at exactly 03-08 12:00 (7 days)       → at risk (≥ 7 days)
#   r9  navigated between units 03-08 12:00:01 (1 s under 7 days) → out
#   r10 engaged 03-05, visited 03-16 (after as_of, ignored)       → at risk
#   r11 jumped to a unit from the outline 03-03, then failed      → at risk (failed ≠ passed)
EXPECTED = {"r1", "r8", "r10", "r11"}


BLOCKS = [
    ("chapter", "c1", "Week 1", (1, 0, 0), 1),
    ("sequential", "s1", "Lesson 1", (1, 1, 0), 2),
    ("vertical", "u1", "Page 1", (1, 1, 1), 3),
    ("video", "v1", "Intro video", (1, 1, 1), 4),
    ("vertical", "u2", "Page 2", (1, 1, 2), 5),
    ("problem", "p1", "Quiz", (1, 1, 2), 6),
    ("vertical", "u3", "Page 3", (1, 1, 3), 7),
    ("chapter", "c2", "Week 2", (2, 0, 0), 8),
    ("sequential", "s2", "Lesson 2", (2, 1, 0), 9),
    ("vertical", "u4", "Page 4", (2, 1, 1), 10),
]


def _course(client: TestClient, auth: dict[str, str], store: Store) -> None:
    structure(store, BLOCKS)
    learners = [f"r{n}" for n in range(1, 12)]
    statements = [enroll(r, ts("2026-03-01")) for r in learners]
    engaged_on_5th = {
        r: evaluated(r, ts("2026-03-05"), PROBLEM, True, 1.0) for r in ("r2", "r3", "r4", "r10")
    }
    statements += [
        video("r1", PLAYED, ts("2026-03-05"), 0.0),
        video("r1", PAUSED, ts("2026-03-05", "10:00:12"), 12.0),
        engaged_on_5th["r2"],
        navigate("r2", ts("2026-03-10"), xblock(SEQ), 1, 2),
        engaged_on_5th["r3"],
        unenroll("r3", ts("2026-03-06")),
        engaged_on_5th["r4"],
        pass_state("r4", ts("2026-03-06"), PASSED),
        forum("r5", ts("2026-03-02"), verb=VIEWED),
        navigate("r7", ts("2026-03-02"), home()),
        forum("r8", ts("2026-03-08", "12:00:00")),
        navigate("r9", ts("2026-03-08", "12:00:01"), xblock(SEQ), 2, "next unit"),
        engaged_on_5th["r10"],
        navigate("r10", ts("2026-03-16"), xblock(SEQ), 1, 2),
        navigate("r11", ts("2026-03-03"), jump_to(key("vertical", "u1"))),
        pass_state("r11", ts("2026-03-04"), FAILED),
    ]
    post_statements(client, auth, statements)


def at_risk_ids(store: Store, as_of: datetime, days: int) -> set[str]:
    """The at-risk group as of ``as_of`` (the rule runs in the engine, over the roster)."""
    found = load_roster(store, COURSE, as_of, pii=True, where=at_risk(as_of, days))
    return {r.anonymous_id for r in found}


def test_at_risk_learners_are_exactly_those_worked_by_hand(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    _course(client, basic_auth, store)
    roster = load_roster(store, COURSE, AS_OF, pii=True)
    assert {r.anonymous_id for r in roster} == {f"r{n}" for n in range(1, 12)}
    assert at_risk_ids(store, AS_OF, 7) == EXPECTED


def test_each_condition_is_what_keeps_its_learner_out(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    _course(client, basic_auth, store)
    state = {r.anonymous_id: r for r in load_roster(store, COURSE, AS_OF, pii=True)}
    assert not state["r3"].current and state["r3"].engaged
    assert state["r4"].passed and not state["r11"].passed
    assert not state["r5"].engaged and state["r5"].last_visit == datetime(
        2026, 3, 2, 10, tzinfo=UTC
    )
    assert not state["r6"].engaged and state["r6"].last_visit is None
    assert not state["r7"].engaged and state["r7"].last_visit is not None
    assert state["r10"].last_visit == datetime(2026, 3, 5, 10, tzinfo=UTC)  # 03-16 is after as_of
    # A shorter threshold takes r2 in (last visit 03-10 10:00, 5 days 2 hours before as_of).
    assert "r2" in at_risk_ids(store, AS_OF, 5) and "r2" not in at_risk_ids(store, AS_OF, 6)


def test_without_as_of_the_later_visit_counts(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    _course(client, basic_auth, store)
    later = datetime(2026, 3, 20, 12, tzinfo=UTC)
    state = {r.anonymous_id: r for r in load_roster(store, COURSE, later, pii=True)}
    assert state["r10"].last_visit == datetime(2026, 3, 16, 10, tzinfo=UTC)
    assert "r10" not in at_risk_ids(store, later, 7)
