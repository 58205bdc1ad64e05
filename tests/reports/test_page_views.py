"""The `visits` and `page_views` views (METRICS.md "Engagement", "Page viewed")."""

from __future__ import annotations

from fastapi.testclient import TestClient

from aspects.store import Store
from tests.conftest import post_statements
from tests.reports.engagement_course import activity, load_structure


def test_page_views_credit_units_by_every_rule_of_metrics(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    load_structure(store)
    post_statements(client, basic_auth, activity())
    got = store.query(
        "select actor_id, splitByChar('@', unit_key)[-1], via, count() from page_views "
        "group by actor_id, unit_key, via order by actor_id, unit_key, via"
    )
    # One row per statement crediting a unit; p2's submissions are 3 statements each (the
    # whole problem and its two parts), all on u4. p5 sits in no unit: no page view.
    assert got == [
        ("alice", "u1", "subsection", 1),  # Intro from unit 1 …
        ("alice", "u1", "video", 2),  # v1 played, paused
        ("alice", "u2", "problem", 1),  # p1
        ("alice", "u2", "subsection", 1),  # … to the "next unit", 2
        ("alice", "u4", "jump_to", 1),  # jump_to Quiz 1: its first unit
        ("alice", "u4", "problem", 6),  # p2: 2 submissions × 3 statements
        ("bob", "u2", "problem", 2),  # p1 twice
        ("bob", "u2", "subsection", 1),  # … to the "previous unit", 2
        ("bob", "u3", "subsection", 1),  # Intro from unit 3 …
        ("bob", "u4", "problem", 3),  # p2 once
        ("bob", "u5", "unit", 1),  # jump_to the unit itself
        ("bob", "u5", "video", 1),  # v2 initialized: the player loaded with the page
        ("carol", "u1", "video", 2),  # v1 played, completed
        ("carol", "u4", "problem", 2),  # p3 twice
        ("dave", "u6", "unit", 1),  # the grading `attempted` on p3 credits nothing
        ("erin", "u6", "unit", 1),
    ]


def test_visits_are_navigation_video_problem_and_forum_statements_only(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_statements(client, basic_auth, activity())
    got = store.query(
        "select actor_id, kind, count() from visits group by actor_id, kind order by actor_id, kind"
    )
    # Enrollments and dave's grading `attempted` are not visits.
    assert got == [
        ("alice", "navigation", 2),
        ("alice", "problem", 7),  # p1 + 2 × 3 for p2
        ("alice", "video", 2),
        ("bob", "navigation", 2),
        ("bob", "problem", 5),  # p1 twice + 3 for p2
        ("bob", "video", 1),
        ("carol", "problem", 2),
        ("carol", "video", 2),
        ("dave", "forum", 1),
        ("dave", "navigation", 1),
        ("erin", "navigation", 1),
        ("erin", "problem", 1),
    ]


def test_without_structure_only_unit_navigations_are_page_views(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_statements(client, basic_auth, activity())
    got = store.query("select actor_id, via from page_views order by actor_id")
    assert got == [("bob", "unit"), ("dave", "unit"), ("erin", "unit")]
