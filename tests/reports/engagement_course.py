"""A hand-made course for the engagement, video and problem reports (issue 4).

Week 1 ─ Intro (1.1)  ─ Welcome  u1: video v1 (20 s)
                      ├ Practice u2: problem p1
                      └ Reading  u3: html
       └ Quiz 1 (1.2, graded) ─ Questions u4: problem p2 (two parts), problem p3
Week 2 ─ problem p5 placed in the section, outside any subsection
       └ Lab (2.1)    ─ Lab page u5: video v2 (10 s)
Week 3 ─ Wrap-up (3.1) ─ Goodbye u6: html (no video, no problem)
"""

from __future__ import annotations

from typing import Any

from aspects.lms.sink import insert_rows
from aspects.store import Store
from tests.factories import (
    ATTEMPTED,
    COMPLETED,
    COURSE,
    COURSE_TYPE,
    INITIALIZED,
    PAUSED,
    PLAYED,
    POSTED,
    answer,
    enroll,
    navigate_block,
    statement,
    ts,
    unenroll,
    usage_key,
    video,
)
from tests.factories import structure_row as row

SEQ = "sequential"

BLOCKS = [
    row("course", "course", "Course One", (0, 0, 0), 1),
    row("chapter", "w1", "Week 1", (1, 0, 0), 2),
    row("sequential", "intro", "Intro", (1, 1, 0), 3),
    row("vertical", "u1", "Welcome", (1, 1, 1), 4),
    row("video", "v1", "Welcome video", (1, 1, 1), 5),
    row("vertical", "u2", "Practice", (1, 1, 2), 6),
    row("problem", "p1", "Warm-up", (1, 1, 2), 7),
    row("vertical", "u3", "Reading", (1, 1, 3), 8),
    row("html", "h1", "Text", (1, 1, 3), 9),
    row("sequential", "quiz", "Quiz 1", (1, 2, 0), 10, graded=1),
    row("vertical", "u4", "Questions", (1, 2, 1), 11, graded=1),
    row("problem", "p2", "Two parts", (1, 2, 1), 12, graded=1),
    row("problem", "p3", "Question B", (1, 2, 1), 13, graded=1),
    row("chapter", "w2", "Week 2", (2, 0, 0), 14),
    row("problem", "p5", "Section question", (2, 0, 0), 15),
    row("sequential", "lab", "Lab", (2, 1, 0), 16),
    row("vertical", "u5", "Lab page", (2, 1, 1), 17),
    row("video", "v2", "Lab video", (2, 1, 1), 18),
    row("chapter", "w3", "Week 3", (3, 0, 0), 19),
    row("sequential", "wrap", "Wrap-up", (3, 1, 0), 20),
    row("vertical", "u6", "Goodbye", (3, 1, 1), 21),
    row("html", "h2", "Bye", (3, 1, 1), 22),
]


def load_structure(store: Store, blocks: list[dict[str, Any]] | None = None) -> None:
    """Write the course's structure as the LMS sink would."""
    result = insert_rows(store, "course_blocks", blocks or BLOCKS)
    assert not result.errors, result.errors


def _forum_post(actor: str, when: str) -> dict[str, Any]:
    return statement(
        verb=POSTED,
        actor=actor,
        ts=when,
        object={
            "objectType": "Activity",
            "id": "http://lms.example/api/discussion/v1/threads/abc",
            "definition": {"type": "http://id.tincanapi.com/activitytype/discussion"},
        },
        context={
            "contextActivities": {
                "parent": [
                    {
                        "id": f"http://lms.example/course/{COURSE}",
                        "definition": {"type": COURSE_TYPE},
                    }
                ]
            }
        },
    )


def _grading_attempt(actor: str, when: str, problem: str) -> dict[str, Any]:
    """The LMS's edx.grades.problem.submitted: `attempted` on a `question` (grading)."""
    body = answer(actor, when, problem, False, verb=ATTEMPTED)
    body["object"]["definition"]["type"] = "http://adlnet.gov/expapi/activities/question"
    return body


def _multipart(
    actor: str, when: str, attempt: int, whole: bool, parts: tuple[bool, bool]
) -> list[dict[str, Any]]:
    """One submission to p2 as ERB sends it: the whole problem and each part (_2_1, _3_1)."""
    return [
        answer(actor, when, "p2", whole, attempt),
        answer(actor, when, "p2", parts[0], attempt, part=2),
        answer(actor, when, "p2", parts[1], attempt, part=3),
    ]


def activity() -> list[dict[str, Any]]:
    """Every learner's statements. Current enrollees: alice, bob, dave (carol leaves 03-05).

    alice: Intro unit 1 → "next unit" (u1, u2); outline jump_to Quiz 1 (its first unit u4);
        v1 played 0 → paused 20; p1 correct (attempt 1); p2 attempt 1 (whole ✗, parts ✓ ✗)
        and attempt 2 (all ✓).
    bob: Intro unit 3 → "previous unit" (u3, u2); jump_to the unit u5; v2 initialized only (a
        page view, no watched second); p1 ✗ then ✓ (attempts 1, 2); p2 attempt 1 all ✗.
    carol: v1 played 10 → completed without position (closes at 20); p3 ✗ then ✓ with no
        attempt ids; unenrolled on 03-05.
    dave: a grading `attempted` on p3 (not a visit, not an answer), a forum post; u6 at
        2026-03-04 03:00 UTC (03-03 22:00 in New York).
    erin: never enrolled; navigated on unit u6 directly; p5 ✓ (placed under Week 2 directly).
    """
    day2, day3, day4 = "2026-03-02", "2026-03-03", "2026-03-04"
    return [
        enroll("alice", ts("2026-03-01")),
        navigate_block("alice", ts(day2, "10:00:00"), usage_key(SEQ, "intro"), 1, "next unit"),
        navigate_block("alice", ts(day2, "10:05:00"), usage_key(SEQ, "quiz"), jump_to=True),
        video("alice", PLAYED, ts(day2, "10:10:00"), 0.0, video_name="v1"),
        video("alice", PAUSED, ts(day2, "10:11:00"), 20.0, video_name="v1"),
        answer("alice", ts(day2, "10:15:00"), "p1", True, 1),
        *_multipart("alice", ts(day2, "10:20:00"), 1, False, (True, False)),
        *_multipart("alice", ts(day2, "10:25:00"), 2, True, (True, True)),
        enroll("bob", ts("2026-03-01")),
        navigate_block("bob", ts(day3, "10:00:00"), usage_key(SEQ, "intro"), 3, "previous unit"),
        navigate_block("bob", ts(day3, "10:01:00"), usage_key("vertical", "u5"), jump_to=True),
        video("bob", INITIALIZED, ts(day3, "10:02:00"), video_name="v2", length=10.0),
        answer("bob", ts(day3, "11:00:00"), "p1", False, 1),
        answer("bob", ts(day3, "11:05:00"), "p1", True, 2),
        *_multipart("bob", ts(day3, "11:10:00"), 1, False, (False, False)),
        enroll("carol", ts("2026-03-01")),
        video("carol", PLAYED, ts(day4, "10:00:00"), 10.0, video_name="v1"),
        video("carol", COMPLETED, ts(day4, "10:01:00"), video_name="v1"),
        answer("carol", ts(day4, "10:05:00"), "p3", False),
        answer("carol", ts(day4, "10:06:00"), "p3", True),
        unenroll("carol", ts("2026-03-05")),
        enroll("dave", ts("2026-03-01")),
        _grading_attempt("dave", ts(day4, "11:00:00"), "p3"),
        _forum_post("dave", ts(day4, "12:00:00")),
        navigate_block("dave", ts(day4, "03:00:00"), usage_key("vertical", "u6")),
        navigate_block("erin", ts(day4, "13:00:00"), usage_key("vertical", "u6")),
        answer("erin", ts(day4, "13:05:00"), "p5", True, 1),
    ]
