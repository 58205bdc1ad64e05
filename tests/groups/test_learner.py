"""One learner's page, field by field against values worked out by hand; learner search."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import (
    COURSE,
    PAUSED,
    PLAYED,
    SEEKED,
    course_grade,
    enroll,
    evaluated,
    forum,
    key,
    load_people,
    navigate,
    structure,
    ts,
    video,
    xblock,
)
from tests.groups.test_at_risk import BLOCKS

LIN = "00000000-0000-4000-8000-000000000111"
URL = f"/api/v1/courses/{COURSE}/learners"
AS_OF = {"as_of": "2026-03-10T00:00:00Z"}


@pytest.fixture
def lin(client: TestClient, basic_auth: dict[str, str], store: Store) -> None:
    """Lin's course, all times UTC.

    03-01 10:00 enrolls (audit); 03-03 10:00 switches to verified (a new `registered`).
    03-02 10:00 moves from unit 1 to unit 2 of Lesson 1 (pages u1, u2 viewed).
    03-02 10:05 plays v1 at 0, pauses at 12.5 (seconds 0-12); 03-04 10:00 plays at 10, seeks
          from 15 (seconds 10-14): 15 distinct seconds of a 20 s video = 75 %.
    03-02 10:10 answers p1 wrong (attempt 1), 10:12 right (attempt 2, score 1).
    03-04 11:00 posts in the forum (last visit); 12:00 course grade 0.5.
    """
    structure(store, BLOCKS)
    load_people(store, [(LIN, 5, "lin", "Lin Learner", "lin@example.org")])
    problem = key("problem", "p1")
    post_statements(
        client,
        basic_auth,
        [
            enroll(LIN, ts("2026-03-01")),
            enroll(LIN, ts("2026-03-03"), "verified"),
            navigate(LIN, ts("2026-03-02"), xblock(key("sequential", "s1")), 1, "next unit"),
            video(LIN, PLAYED, ts("2026-03-02", "10:05:00"), 0.0),
            video(LIN, PAUSED, ts("2026-03-02", "10:05:13"), 12.5),
            video(LIN, PLAYED, ts("2026-03-04", "10:00:00"), 10.0),
            video(LIN, SEEKED, ts("2026-03-04", "10:00:05"), 30.0, time_from=15.0, time_to=30.0),
            evaluated(LIN, ts("2026-03-02", "10:10:00"), problem, False, 0.0, attempt=1),
            evaluated(LIN, ts("2026-03-02", "10:12:00"), problem, True, 1.0, attempt=2),
            forum(LIN, ts("2026-03-04", "11:00:00")),
            course_grade(LIN, ts("2026-03-04", "12:00:00"), 0.5),
        ],
    )


def _page(caller: TestClient, learner: str) -> Any:
    response = caller.get(f"{URL}/{learner}", params=AS_OF)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_profile_is_what_was_worked_by_hand(lin: None, pii_client: TestClient) -> None:
    assert _page(pii_client, LIN)["profile"] == {
        "anonymous_id": LIN,
        "user_id": 5,
        "username": "lin",
        "name": "Lin Learner",
        "email": "lin@example.org",
        "track": "verified",
        "first_enrolled_at": "2026-03-01T10:00:00Z",
        "enrolled_at": "2026-03-03T10:00:00Z",
        "last_visit": "2026-03-04T11:00:00Z",
        "grade": 0.5,
        "passed": False,
        "current": True,
        "engaged": True,
        "at_risk": False,  # 5 days 13 hours since the last visit
    }
    by_username = _page(pii_client, "lin")  # by username too: the same learner, the same story
    assert by_username["profile"]["anonymous_id"] == LIN
    by_id = _page(pii_client, LIN)
    for part in ("sections", "problems", "videos", "timeline"):
        assert by_username[part] == by_id[part] and by_id[part], part


def test_the_funnel_problems_videos_and_time_line(lin: None, pii_client: TestClient) -> None:
    page = _page(pii_client, LIN)
    lesson_1 = {
        "pages": {"done": 2, "total": 3},
        "videos": {"done": 1, "total": 1},
        "problems": {"done": 1, "total": 1},
    }
    assert page["sections"] == [
        {
            "section": 1,
            "name": "Week 1",
            **lesson_1,
            "subsections": [{"subsection": 1, "name": "Lesson 1", **lesson_1}],
        },
        {
            "section": 2,
            "name": "Week 2",
            "pages": {"done": 0, "total": 1},
            "videos": None,
            "problems": None,
            "subsections": [
                {
                    "subsection": 1,
                    "name": "Lesson 2",
                    "pages": {"done": 0, "total": 1},
                    "videos": None,
                    "problems": None,
                }
            ],
        },
    ]
    assert page["problems"] == [
        {
            "problem": key("problem", "p1"),
            "name": "Quiz",
            "section": 1,
            "subsection": 1,
            "submissions": 2,
            "attempts": 2,
            "correct": True,
            "score": 1.0,
        }
    ]
    assert page["videos"] == [
        {
            "video": key("video", "v1"),
            "name": "Intro video",
            "section": 1,
            "subsection": 1,
            "segments": [[0.0, 12.5], [10.0, 15.0]],
            "watched_seconds": 15,
            "length": 20.0,
            "watched_pct": 75.0,
        }
    ]
    assert [(t["day"], t["kind"], t["statements"]) for t in page["timeline"]] == [
        ("2026-03-01", "enrollment", 1),
        ("2026-03-02", "navigation", 1),
        ("2026-03-02", "problem", 2),
        ("2026-03-02", "video", 2),
        ("2026-03-03", "enrollment", 1),
        ("2026-03-04", "forum", 1),
        ("2026-03-04", "grade", 1),
        ("2026-03-04", "video", 2),
    ]


def test_without_pii_permission_the_learner_is_anonymous(
    lin: None, plain_client: TestClient
) -> None:
    profile = _page(plain_client, LIN)["profile"]
    assert (profile["user_id"], profile["username"], profile["name"], profile["email"]) == (
        None, "", "", "",
    )  # fmt: skip
    assert plain_client.get(f"{URL}/lin", params=AS_OF).status_code == 404  # no username lookup
    assert plain_client.get(URL, params={"q": "lin"}).json()["rows"] == []
    found = plain_client.get(URL, params={"q": LIN[:12]}).json()["rows"]
    assert [r["anonymous_id"] for r in found] == [LIN] and found[0]["email"] == ""


@pytest.mark.parametrize("q", ["lin", "LEARNER", "lin@exa", "Lin L"])
def test_search_finds_by_name_username_or_email_prefix(
    lin: None, pii_client: TestClient, q: str
) -> None:
    rows = pii_client.get(URL, params={"q": q}).json()["rows"]
    assert [(r["anonymous_id"], r["username"]) for r in rows] == [(LIN, "lin")]


def test_an_unknown_learner_is_a_404_and_an_empty_search_a_400(
    lin: None, pii_client: TestClient
) -> None:
    assert pii_client.get(f"{URL}/nobody").status_code == 404
    assert pii_client.get(URL, params={"q": "zzz"}).json()["rows"] == []
    assert pii_client.get(URL).status_code == 400
