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
        "select actor_id, splitByChar('@', unit_key)[-1], sum(views) from page_views "
        "group by actor_id, unit_key order by actor_id, unit_key"
    )
    # Statements crediting each unit; p2's submissions are 3 statements each (the whole problem
    # and its two parts), all on u4. p5 sits in no unit: no page view.
    assert got == [
        # Intro from unit 1 (subsection rule) + v1 played, paused (video)
        ("alice", "u1", 3),
        # p1 (problem) + … to the "next unit", 2 (subsection)
        ("alice", "u2", 2),
        # jump_to Quiz 1: its first unit (jump_to) + p2: 2 submissions × 3 statements
        ("alice", "u4", 7),
        # p1 twice + … to the "previous unit", 2
        ("bob", "u2", 3),
        ("bob", "u3", 1),  # Intro from unit 3 …
        ("bob", "u4", 3),  # p2 once
        # jump_to the unit itself (unit) + v2 initialized: the player loaded with the page
        ("bob", "u5", 2),
        ("carol", "u1", 2),  # v1 played, completed
        ("carol", "u4", 2),  # p3 twice
        ("dave", "u6", 1),  # a unit navigation; the grading `attempted` on p3 credits nothing
        ("erin", "u6", 1),
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
    got = store.query(
        "select actor_id, splitByChar('@', unit_key)[-1], views from page_views order by actor_id"
    )
    assert got == [("bob", "u5", 1), ("dave", "u6", 1), ("erin", "u6", 1)]
