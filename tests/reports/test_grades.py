"""Grade reports on a hand-made course, numbers worked out from METRICS.md "Performance"."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import post_statements
from tests.factories import (
    COURSE,
    EARNED,
    FAILED,
    PASSED,
    course_grade,
    enroll,
    pass_state,
    rows,
    statement,
    table,
    ts,
    unenroll,
    with_id,
)

DAY = "2026-02-02"


def _subsection_grade(actor: str, when: str, scaled: float) -> dict[str, Any]:
    """An `earned` on a subsection (ERB's subsection grade): not a course grade."""
    block = "http://lms.example/xblock/block-v1:Org+C1+2026+type@sequential+block@s1"
    return statement(
        verb=EARNED,
        actor=actor,
        ts=when,
        object={
            "objectType": "Activity",
            "id": block,
            "definition": {"type": "http://adlnet.gov/expapi/activities/module"},
        },
        context={
            "contextActivities": {
                "parent": [
                    {
                        "id": f"http://lms.example/course/{COURSE}",
                        "definition": {"type": "http://adlnet.gov/expapi/activities/course"},
                    }
                ]
            }
        },
        result={"score": {"scaled": scaled}},
    )


def _course(client: TestClient, auth: dict[str, str]) -> None:
    """g1 … g9, all registered on 2026-02-01; grades and pass states on 2026-02-02.

    g1: 1.0 "Pass"                        → 90-100 %, passed
    g2: 0.095, then `failed`              → 9.5 → 0-9 %, not passed
    g3: 0.1                               → 10-19 %, no pass state → not passed
    g4: 0.5 at 10:00, 0.85 "B" at 11:00   → latest 0.85 → 80-89 %, letter grade → passed
    g5: no grade                          → no grade yet
    g6: 0.3, then unenrolled              → not a current enrollee: in nothing
    g7: `passed` at 10:00, then 0.29 "Fail" at 11:00 → 28.999… rounds to 29 → 20-29 %,
        latest pass state "Fail" → not passed
    g8: 0.6 and 0.7 at the same instant, one request; 0.7 has the higher id → 70-79 %
    g9: only a subsection grade (not a course grade) → no grade yet
    """
    learners = [f"g{n}" for n in range(1, 10)]
    post_statements(client, auth, [enroll(g, ts("2026-02-01")) for g in learners])
    post_statements(
        client,
        auth,
        [
            course_grade("g1", ts(DAY), 1.0, "Pass"),
            course_grade("g2", ts(DAY), 0.095),
            pass_state("g2", ts(DAY, "10:30:00"), FAILED),
            course_grade("g3", ts(DAY), 0.1),
            course_grade("g4", ts(DAY), 0.5),
            course_grade("g6", ts(DAY), 0.3),
            unenroll("g6", ts(DAY, "12:00:00")),
            pass_state("g7", ts(DAY), PASSED),
            with_id(course_grade("g8", ts(DAY), 0.6), "0"),
            with_id(course_grade("g8", ts(DAY), 0.7), "f"),
            _subsection_grade("g9", ts(DAY), 0.7),
        ],
    )
    # A separate request: the latest grades arrive later than the earlier ones.
    post_statements(
        client,
        auth,
        [
            course_grade("g4", ts(DAY, "11:00:00"), 0.85, "B"),
            course_grade("g7", ts(DAY, "11:00:00"), 0.29, "Fail"),
        ],
    )


def test_grades_summary_counts_current_enrollees_and_their_latest_grades(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _course(client, basic_auth)
    # current: g1 g2 g3 g4 g5 g7 g8 g9 = 8; graded: g1 g2 g3 g4 g7 g8 = 6; passing g1 g4 = 2
    # → 2 / 8 = 25.0 %. Grades 1.0 0.095 0.1 0.85 0.29 0.7: sum 3.035, mean 0.505833… →
    # 0.5058 and 50.6 %; sorted 0.095 0.1 0.29 | 0.7 0.85 1.0 → median (0.29 + 0.7) / 2 = 0.495.
    assert rows(client, "grades-summary") == [
        {
            "current_enrollees": 8,
            "graded": 6,
            "passing": 2,
            "passing_pct": 25.0,
            "mean_grade": 0.5058,
            "median_grade": 0.495,
            "mean_grade_pct": 50.6,
            "median_grade_pct": 49.5,
        }
    ]


def test_grade_distribution_buckets_edges_and_a_separate_no_grade_bar(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _course(client, basic_auth)
    # 0.095 → 9.5 → 0-9 %; 0.1 → 10 → 10-19 %; 0.29 → 29 → 20-29 %; 0.7 → 70-79 %;
    # 0.85 → 80-89 %; 1.0 → 90-100 %; g5 and g9 → no grade yet. g6 is not current.
    assert table(client, "grade-distribution", ("bucket", "learners")) == [
        ("0-9%", 1),
        ("10-19%", 1),
        ("20-29%", 1),
        ("30-39%", 0),
        ("40-49%", 0),
        ("50-59%", 0),
        ("60-69%", 0),
        ("70-79%", 1),
        ("80-89%", 1),
        ("90-100%", 1),
        ("no grade yet", 2),
    ]


def test_grades_as_of_uses_the_grade_that_was_latest_then(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _course(client, basic_auth)
    # At 10:45: g4 has 0.5 (no classification → no pass state), g7 has `passed` and no grade;
    # g2 is `failed`; g6 is still enrolled with 0.3. Current: all 9. Graded: g1 1.0, g2 0.095,
    # g3 0.1, g4 0.5, g6 0.3, g8 0.7 = 6; passing g1 g7 = 2 → 22.2 %. Sum 2.695 → mean
    # 0.449166… → 0.4492 / 44.9 %; sorted 0.095 0.1 0.3 | 0.5 0.7 1.0 → median 0.4.
    assert rows(client, "grades-summary", as_of=f"{DAY}T10:45:00Z") == [
        {
            "current_enrollees": 9,
            "graded": 6,
            "passing": 2,
            "passing_pct": 22.2,
            "mean_grade": 0.4492,
            "median_grade": 0.4,
            "mean_grade_pct": 44.9,
            "median_grade_pct": 40.0,
        }
    ]


def test_grade_percentages_round_half_away_from_zero(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    # Mean and median of 0.8 and 0.825 are 0.8125 = 81.25 %: half away from zero → 81.3
    # (half to even would give 81.2).
    post_statements(
        client,
        basic_auth,
        [
            enroll("a", ts(DAY)),
            enroll("b", ts(DAY)),
            course_grade("a", ts(DAY, "11:00:00"), 0.8),
            course_grade("b", ts(DAY, "11:00:00"), 0.825),
        ],
    )
    assert rows(client, "grades-summary") == [
        {
            "current_enrollees": 2,
            "graded": 2,
            "passing": 0,
            "passing_pct": 0.0,
            "mean_grade": 0.8125,
            "median_grade": 0.8125,
            "mean_grade_pct": 81.3,
            "median_grade_pct": 81.3,
        }
    ]


def test_grades_of_a_course_without_learners_are_null_not_zero(client: TestClient) -> None:
    assert rows(client, "grades-summary") == [
        {
            "current_enrollees": 0,
            "graded": 0,
            "passing": 0,
            "passing_pct": None,
            "mean_grade": None,
            "median_grade": None,
            "mean_grade_pct": None,
            "median_grade_pct": None,
        }
    ]
    assert table(client, "grade-distribution", ("bucket", "learners"))[-1] == ("no grade yet", 0)
