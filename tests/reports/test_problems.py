"""Problem and assignment performance on engagement_course.py (METRICS.md "Content performance").

Evaluated submissions (attempt-ids in brackets):
  p1 (Warm-up, ungraded, Intro): alice ✓ [1]; bob ✗ [1], ✓ [2]
  p2 (Two parts, graded, Quiz 1), each submission = whole + parts 2_1, 3_1:
      alice [1] whole ✗ (2_1 ✓, 3_1 ✗), [2] whole ✓ (✓, ✓); bob [1] whole ✗ (✗, ✗)
  p3 (Question B, graded, Quiz 1): carol ✗ then ✓, no attempt-ids (attempts = count, 2);
      dave's `attempted` on a question object is the LMS's grading, not a submission
  p5 (Section question, ungraded, under Week 2 directly): erin ✓ [1]
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import answer, table, ts, usage_key
from tests.reports.engagement_course import activity, load_structure

COLUMNS = (
    "problem_id",
    "part",
    "name",
    "graded",
    "section_position",
    "subsection_position",
    "learners_attempted",
    "submissions",
    "pct_correct",
    "pct_incorrect",
    "pct_first_attempt_correct",
    "pct_latest_correct",
    "mean_attempts",
    "median_attempts",
)
ASSIGNMENT = (
    "block_id",
    "name",
    "learners_attempted",
    "submissions",
    "pct_correct",
    "pct_incorrect",
    "mean_attempts",
)


def _p(name: str) -> str:
    return usage_key("problem", name)


def test_problem_performance_per_problem_and_part(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    load_structure(store)
    post_statements(client, basic_auth, activity())
    assert table(client, "problem-performance", COLUMNS) == [
        # 3 submissions, 2 ✓ (66.7 %), 1 ✗; first attempt ✓: alice only (1 of 2); latest ✓:
        # both; attempts alice 1, bob 2 → mean 1.5, median 1.5.
        (_p("p1"), None, "Warm-up", False, 1, 1, 2, 3, 66.7, 33.3, 50.0, 100.0, 1.5, 1.5),
        # whole: ✗ ✓ (alice), ✗ (bob): 1 of 3 ✓; first ✓ none; latest ✓ alice; attempts 2, 1.
        (_p("p2"), None, "Two parts", True, 1, 2, 2, 3, 33.3, 66.7, 0.0, 50.0, 1.5, 1.5),
        # part 2_1: alice ✓ ✓, bob ✗: 2 of 3; first ✓ alice; latest ✓ alice.
        (_p("p2"), "2_1", "Two parts", True, 1, 2, 2, 3, 66.7, 33.3, 50.0, 50.0, 1.5, 1.5),
        # part 3_1: alice ✗ ✓, bob ✗: 1 of 3; first ✓ none; latest ✓ alice.
        (_p("p2"), "3_1", "Two parts", True, 1, 2, 2, 3, 33.3, 66.7, 0.0, 50.0, 1.5, 1.5),
        # carol ✗ then ✓ without attempt-ids: first (earliest) ✗, latest ✓, 2 attempts.
        (_p("p3"), None, "Question B", True, 1, 2, 1, 2, 50.0, 50.0, 0.0, 100.0, 2.0, 2.0),
        # Placed under the section directly: no subsection position.
        (
            _p("p5"),
            None,
            "Section question",
            False,
            2,
            None,
            1,
            1,
            100.0,
            0.0,
            100.0,
            100.0,
            1.0,
            1.0,
        ),
    ]


def test_problem_performance_first_attempt_is_the_lowest_attempt_id_then_earliest(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    load_structure(store)
    # zoe's attempt 1 arrives after attempt 2 (ids win over time); yann sends attempt 1
    # twice at the same minute, ✗ first: the earliest decides. Latest = by time: zoe's ✓.
    post_statements(
        client,
        basic_auth,
        [
            answer("zoe", ts("2026-03-02", "10:00:00"), "p1", False, 2),
            answer("zoe", ts("2026-03-02", "10:05:00"), "p1", True, 1),
            answer("yann", ts("2026-03-02", "11:00:00"), "p1", False, 1),
            answer("yann", ts("2026-03-02", "11:00:30"), "p1", True, 1),
        ],
    )
    got = table(client, "problem-performance", COLUMNS)
    # first ✓: zoe (attempt 1 ✓), not yann → 50 %; latest ✓: zoe ✓ (10:05), yann ✓ → 100 %;
    # attempts: zoe 2, yann 1 → mean 1.5; 4 submissions, 2 ✓.
    assert got[0] == (
        _p("p1"),
        None,
        "Warm-up",
        False,
        1,
        1,
        2,
        4,
        50.0,
        50.0,
        50.0,
        100.0,
        1.5,
        1.5,
    )
    # p2, p3, p5 are listed with no submissions.
    assert got[1] == (
        _p("p2"),
        None,
        "Two parts",
        True,
        1,
        2,
        0,
        0,
        None,
        None,
        None,
        None,
        None,
        None,
    )


def test_problem_performance_without_structure_is_keyed_by_id(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    post_statements(client, basic_auth, activity())
    got = table(
        client, "problem-performance", ("problem_id", "part", "name", "graded", "submissions")
    )
    assert got == [
        (_p("p1"), None, None, None, 3),
        (_p("p2"), None, None, None, 3),
        (_p("p2"), "2_1", None, None, 3),
        (_p("p2"), "3_1", None, None, 3),
        (_p("p3"), None, None, None, 2),
        (_p("p5"), None, None, None, 1),
    ]
    assert table(client, "assignment-performance", ASSIGNMENT) == []


def test_assignment_performance_per_graded_subsection(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    load_structure(store)
    post_statements(client, basic_auth, activity())
    # Quiz 1 = p2, p3: alice, bob (p2) and carol (p3) attempted. Whole-problem submissions:
    # p2 ✗ ✓ ✗ and p3 ✗ ✓ → 5, 2 ✓ (40 %), 3 ✗. Attempts per learner × problem: alice p2 2,
    # bob p2 1, carol p3 2 → 5 / 3 = 1.67.
    assert table(client, "assignment-performance", ASSIGNMENT) == [
        (usage_key("sequential", "quiz"), "Quiz 1", 3, 5, 40.0, 60.0, 1.67),
    ]
    # Before any submission to it (as of 03-02 10:00), Quiz 1 is listed with no denominator.
    early = table(client, "assignment-performance", ASSIGNMENT, as_of="2026-03-02T10:00:00Z")
    assert early == [(usage_key("sequential", "quiz"), "Quiz 1", 0, 0, None, None, None)]
