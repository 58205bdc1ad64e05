"""Units placed directly under a section, with no subsection (METRICS.md "Engagement").

The LMS numbers blocks in course order (platform-plugin-aspects' course_overview_sink): a
chapter starts a section with subsection 0, a sequential counts the next subsection, a vertical
the next unit. A unit met in a section before its first subsection is therefore
(section, 0, unit). It is an item of its section and viewed like any unit.

Week 1 ─ Overview  u0 (1, 0, 1): video v0 (20 s), problem p0  ← directly under the section
       └ Lesson (1.1) ─ Part A u1 (1, 1, 1)
                      └ Part B u2 (1, 1, 2)

ann  navigates to u0 itself (its xblock): views u0.
bo   plays v0 0 → 10: watched seconds, so u0 (the video's unit) is viewed too.
cy   navigates to u1 and to u2: views both Lesson pages.
dee  only opens p0 (the browser's `attempted`, not an answer): u0 is viewed through it, which
     makes her engaged beyond the course home page.
All four enrolled on 03-01 and were last active on 03-02; none passed.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import (
    ATTEMPTED,
    COURSE,
    PAUSED,
    PLAYED,
    answer,
    enroll,
    navigate_block,
    structure,
    table,
    ts,
    usage_key,
    video,
)

COLUMNS = ("level", "name", "position", "items", "at_least_one", "all", "none_yet")
DAY = "2026-03-02"


def _course(client: TestClient, store: Store, auth: dict[str, str]) -> None:
    structure(
        store,
        [
            ("course", "course", "Course", (0, 0, 0), 1),
            ("chapter", "w1", "Week 1", (1, 0, 0), 2),
            ("vertical", "u0", "Overview", (1, 0, 1), 3),
            ("video", "v0", "Overview video", (1, 0, 1), 4),
            ("problem", "p0", "Overview question", (1, 0, 1), 4),
            ("sequential", "lesson", "Lesson", (1, 1, 0), 5),
            ("vertical", "u1", "Part A", (1, 1, 1), 6),
            ("vertical", "u2", "Part B", (1, 1, 2), 7),
        ],
    )
    unit = "vertical"
    post_statements(
        client,
        auth,
        [
            *(enroll(who, ts("2026-03-01")) for who in ("ann", "bo", "cy", "dee")),
            navigate_block("ann", ts(DAY, "10:00:00"), usage_key(unit, "u0")),
            video("bo", PLAYED, ts(DAY, "10:00:00"), 0.0, video_name="v0"),
            video("bo", PAUSED, ts(DAY, "10:01:00"), 10.0, video_name="v0"),
            navigate_block("cy", ts(DAY, "10:00:00"), usage_key(unit, "u1")),
            navigate_block("cy", ts(DAY, "10:01:00"), usage_key(unit, "u2")),
            answer("dee", ts(DAY, "10:00:00"), "p0", False, verb=ATTEMPTED),
        ],
    )


def test_a_unit_under_a_section_is_one_of_the_sections_pages_and_counts_as_viewed(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    _course(client, store, basic_auth)
    assert table(client, "engagement-pages", COLUMNS) == [
        # Week 1 = u0 u1 u2: ann (u0), bo and dee (u0, through its video and its problem),
        # cy (u1 u2) each have some, nobody has all three; every enrollee has at least one.
        ("section", "Week 1", 1, 3, 4, 0, 0),
        # Lesson = u1 u2 only: cy has both; ann, bo and dee none.
        ("subsection", "Lesson", 1, 2, 1, 1, 3),
    ]


def test_the_video_of_a_unit_under_a_section_counts_in_the_section(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    _course(client, store, basic_auth)
    assert table(client, "engagement-videos", COLUMNS) == [
        # v0: bo watched it; ann, cy and dee did not.
        ("section", "Week 1", 1, 1, 1, 1, 3),
        ("subsection", "Lesson", 1, 0, None, None, None),
    ]


def test_a_learner_whose_only_page_is_under_a_section_is_engaged_and_can_be_at_risk(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    _course(client, store, basic_auth)
    # 18 days after their last visit, every one of them is engaged, enrolled, not passed and
    # inactive for 7 days or more: the at-risk group is all four.
    response = client.get(
        f"/api/v1/courses/{COURSE}/groups/at-risk/learners",
        params={"as_of": "2026-03-20T12:00:00Z", "inactive_days": "7"},
    )
    assert response.status_code == 200, response.text
    assert sorted(row["anonymous_id"] for row in response.json()["rows"]) == [
        "ann",
        "bo",
        "cy",
        "dee",
    ]
