"""Engagement funnels on the hand-made course of engagement_course.py (METRICS.md "Engagement").

Units viewed (test_page_views.py works them out): alice u1 u2 u4; bob u2 u3 u4 u5;
carol u1 u4; dave u6; erin u6. Videos with ≥1 watched second: alice v1, carol v1 (bob only
loaded v2). Problems evaluated: alice p1 p2; bob p1 p2; carol p3; erin p5 (dave's `attempted`
is the LMS's grading). Current enrollees: alice, bob, dave (carol left, erin never enrolled).
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from aspects.reports import LearnerFilter, ReportQuery, run_report
from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import COURSE, table
from tests.reports.engagement_course import activity, load_structure

COLUMNS = (
    "level",
    "name",
    "position",
    "section_position",
    "items",
    "at_least_one",
    "all",
    "none_yet",
)


def _course(client: TestClient, store: Store, auth: dict[str, str]) -> None:
    load_structure(store)
    post_statements(client, auth, activity())


def test_engagement_pages_per_section_and_subsection_in_course_order(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    _course(client, store, basic_auth)
    assert table(client, "engagement-pages", COLUMNS) == [
        # Week 1 = u1 u2 u3 u4: alice, bob, carol have some, none has all 4; dave has none.
        ("section", "Week 1", 1, 1, 4, 3, 0, 1),
        # Intro = u1 u2 u3: alice (u1 u2), bob (u2 u3), carol (u1): nobody has all three.
        ("subsection", "Intro", 1, 1, 3, 3, 0, 1),
        # Quiz 1 = u4: alice (jump_to), bob and carol (problems).
        ("subsection", "Quiz 1", 2, 1, 1, 3, 3, 1),
        # Week 2 = u5: bob; alice and dave have none.
        ("section", "Week 2", 2, 2, 1, 1, 1, 2),
        ("subsection", "Lab", 1, 2, 1, 1, 1, 2),
        # Week 3 = u6: dave and erin (not enrolled, still counted); alice, bob have none.
        ("section", "Week 3", 3, 3, 1, 2, 2, 2),
        ("subsection", "Wrap-up", 1, 3, 1, 2, 2, 2),
    ]
    got = table(client, "engagement-pages", ("block_id",))
    assert got[0] == ("block-v1:Org+C1+2026+type@chapter+block@w1",)


def test_engagement_videos_leave_levels_without_videos_empty_not_zero(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    _course(client, store, basic_auth)
    assert table(client, "engagement-videos", COLUMNS) == [
        # v1: alice (0-20) and carol (10 → completed at the length) watched; of the current
        # enrollees only alice did, so bob and dave have none.
        ("section", "Week 1", 1, 1, 1, 2, 2, 2),
        ("subsection", "Intro", 1, 1, 1, 2, 2, 2),
        ("subsection", "Quiz 1", 2, 1, 0, None, None, None),
        # v2: bob only loaded it (initialized): no watched second.
        ("section", "Week 2", 2, 2, 1, 0, 0, 3),
        ("subsection", "Lab", 1, 2, 1, 0, 0, 3),
        ("section", "Week 3", 3, 3, 0, None, None, None),
        ("subsection", "Wrap-up", 1, 3, 0, None, None, None),
    ]


def test_engagement_problems_count_parts_as_their_problem_and_section_level_problems(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    _course(client, store, basic_auth)
    assert table(client, "engagement-problems", COLUMNS) == [
        # Week 1 = p1 p2 p3: alice (p1 p2), bob (p1 p2), carol (p3); dave's grading
        # `attempted` is no submission, so dave has none.
        ("section", "Week 1", 1, 1, 3, 3, 0, 1),
        ("subsection", "Intro", 1, 1, 1, 2, 2, 1),
        # Quiz 1 = p2 p3: p2's part statements count as p2.
        ("subsection", "Quiz 1", 2, 1, 2, 3, 0, 1),
        # Week 2 = p5, placed under the section directly: erin; alice, bob, dave none.
        ("section", "Week 2", 2, 2, 1, 1, 1, 3),
        ("subsection", "Lab", 1, 2, 0, None, None, None),
        ("section", "Week 3", 3, 3, 0, None, None, None),
        ("subsection", "Wrap-up", 1, 3, 0, None, None, None),
    ]


def test_engagement_pages_over_a_period_in_a_non_utc_zone(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    _course(client, store, basic_auth)
    # [03-03, 03-04) in New York (UTC−5): bob's 03-03 activity (u2 u3 u4 u5) and dave's u6 at
    # 03-04 03:00 UTC = 03-03 22:00 local. Enrollment at the end of the period: carol leaves
    # on 03-05, so alice, bob, carol, dave are current.
    period = {"from": "2026-03-03", "to": "2026-03-04"}
    assert table(client, "engagement-pages", COLUMNS, tz="America/New_York", **period) == [
        ("section", "Week 1", 1, 1, 4, 1, 0, 3),
        ("subsection", "Intro", 1, 1, 3, 1, 0, 3),
        ("subsection", "Quiz 1", 2, 1, 1, 1, 1, 3),
        ("section", "Week 2", 2, 2, 1, 1, 1, 3),
        ("subsection", "Lab", 1, 2, 1, 1, 1, 3),
        ("section", "Week 3", 3, 3, 1, 1, 1, 3),
        ("subsection", "Wrap-up", 1, 3, 1, 1, 1, 3),
    ]
    # In UTC, dave's view falls on 03-04: outside; all four current enrollees have none.
    utc = table(client, "engagement-pages", COLUMNS, tz="UTC", **period)
    assert utc[5] == ("section", "Week 3", 3, 3, 1, 0, 0, 4)


def test_engagement_as_of_and_learner_filter(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    _course(client, store, basic_auth)
    # Only alice and dave: Week 1 has alice (some, not all); dave is current with none.
    query = ReportQuery(COURSE)
    result = run_report(
        store, "engagement-pages", query, LearnerFilter(frozenset({"alice", "dave"}))
    )
    rows = [(r["name"], r["at_least_one"], r["all"], r["none_yet"]) for r in result.dicts()]
    assert rows[0] == ("Week 1", 1, 0, 1)
    assert rows[5] == ("Week 3", 1, 1, 1)  # dave u6; alice none
    # As of 03-02 23:00 UTC only alice had done anything (carol still enrolled).
    got = table(client, "engagement-pages", COLUMNS, as_of="2026-03-02T23:00:00Z")
    assert got[0] == ("section", "Week 1", 1, 1, 4, 1, 0, 3)  # bob, carol, dave: none
    assert got[2] == ("subsection", "Quiz 1", 2, 1, 1, 1, 1, 3)


def test_engagement_reports_are_empty_for_a_course_without_structure(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    post_statements(client, basic_auth, activity())
    for kind in ("pages", "videos", "problems"):
        assert table(client, f"engagement-{kind}", COLUMNS) == []
