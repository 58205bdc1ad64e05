"""Watchers per video (METRICS.md "Video", "Watchers per video") on engagement_course.py."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import PAUSED, PLAYED, table, ts, video, video_key
from tests.reports.engagement_course import activity, load_structure

COLUMNS = (
    "video_id",
    "name",
    "section_position",
    "subsection_position",
    "length",
    "viewers",
    "full",
    "partial",
    "total_views",
)
DAY = "2026-03-06"


def _more_watchers() -> list[dict[str, Any]]:
    """v1 is 20 s: seconds 0…19; full means ≥ 95 % of 20 = 19 distinct seconds.

    frank: 0 → 10 and 5 → 19.5: seconds 0…19, 5…9 twice → full, views 2.
    gina: 0 → 18.6: seconds 0…18 = 19 → full (exactly 95 %), views 1.
    hank: 0 → 18: seconds 0…17 = 18 (90 %) → partial, views 1.
    frank also watched "ghost" (30 s, not in the structure) 0 → 5: partial, views 1.
    """
    return [
        video("frank", PLAYED, ts(DAY, "10:00:00"), 0.0),
        video("frank", PAUSED, ts(DAY, "10:00:10"), 10.0),
        video("frank", PLAYED, ts(DAY, "10:01:00"), 5.0),
        video("frank", PAUSED, ts(DAY, "10:01:15"), 19.5),
        video("gina", PLAYED, ts(DAY, "11:00:00"), 0.0),
        video("gina", PAUSED, ts(DAY, "11:00:19"), 18.6),
        video("hank", PLAYED, ts(DAY, "12:00:00"), 0.0),
        video("hank", PAUSED, ts(DAY, "12:00:18"), 18.0),
        video("frank", PLAYED, ts(DAY, "13:00:00"), 0.0, video_name="ghost", length=30.0),
        video("frank", PAUSED, ts(DAY, "13:00:05"), 5.0, video_name="ghost", length=30.0),
    ]


def test_video_watchers_full_partial_and_views_in_course_order(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    load_structure(store)
    post_statements(client, basic_auth, activity() + _more_watchers())
    # v1: alice 0 → 20 (full, views 1); carol 10 → completed without position, closed at the
    # length 20: seconds 10…19 = 50 % (partial, views 1); frank, gina full; hank partial.
    # v2: bob only loaded it (length 10 from its initialized statement): no viewer.
    assert table(client, "video-watchers", COLUMNS) == [
        (video_key("v1"), "Welcome video", 1, 1, 20.0, 5, 3, 2, 6),
        (video_key("v2"), "Lab video", 2, 1, 10.0, 0, 0, 0, 0),
        (video_key("ghost"), None, None, None, 30.0, 1, 0, 1, 1),
    ]


def test_video_watchers_without_structure_are_keyed_by_id_with_names_missing(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    post_statements(client, basic_auth, activity())
    assert table(client, "video-watchers", COLUMNS) == [
        (video_key("v1"), None, None, None, 20.0, 2, 1, 1, 2),
        (video_key("v2"), None, None, None, 10.0, 0, 0, 0, 0),
    ]


def test_video_watchers_over_a_period(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    load_structure(store)
    post_statements(client, basic_auth, activity() + _more_watchers())
    # Only 03-04: carol's partial watch of v1.
    got = table(client, "video-watchers", COLUMNS, **{"from": "2026-03-04", "to": "2026-03-05"})
    assert got[0] == (video_key("v1"), "Welcome video", 1, 1, 20.0, 1, 0, 1, 1)


def test_video_watchers_as_csv_has_the_same_columns_and_empty_missing_names(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    post_statements(client, basic_auth, activity())
    response = client.get("/api/v1/courses/course-v1:Org+C1+2026/reports/video-watchers.csv")
    assert response.status_code == 200, response.text
    lines = response.text.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert lines[1] == f"{video_key('v1')},,,,20.0,2,1,1,2"
