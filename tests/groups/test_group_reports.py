"""Every course report restricted to a group equals that report on a course of only its members."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.reports import REPORTS
from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import (
    COURSE,
    PAUSED,
    PLAYED,
    course_grade,
    enroll,
    evaluated,
    jump_to,
    key,
    navigate,
    structure,
    ts,
    unenroll,
    video,
    xblock,
)
from tests.groups.test_at_risk import BLOCKS

SUBSET = "course-v1:Org+Sub+2026"  # the same statements, members of the group only
AS_OF = "2026-03-20T00:00:00Z"
# At risk on 03-20 (7 days: last visit on or before 03-13 00:00):
#   a1 verified, watched 0-8 s 03-02, grade 0.3   a2 audit, problem 03-04, grade 0.8
#   a3 audit, jumped to page 2 on 03-05
# Not at risk: n1 active 03-18; n2 unenrolled 03-06; n3 never engaged.
MEMBERS = ("a1", "a2", "a3")


def _statements(course: str, learners: tuple[str, ...]) -> list[dict[str, Any]]:
    problem, seq = key("problem", "p1", course), key("sequential", "s1", course)
    by_learner: dict[str, list[dict[str, Any]]] = {
        "a1": [
            enroll("a1", ts("2026-03-01"), "verified", course=course),
            video("a1", PLAYED, ts("2026-03-02"), 0.0, course=course),
            video("a1", PAUSED, ts("2026-03-02", "10:00:08"), 8.0, course=course),
            course_grade("a1", ts("2026-03-02", "11:00:00"), 0.3, course=course),
        ],
        "a2": [
            enroll("a2", ts("2026-03-01"), course=course),
            evaluated("a2", ts("2026-03-04"), problem, True, 1.0, attempt=1, course=course),
            course_grade("a2", ts("2026-03-04", "11:00:00"), 0.8, course=course),
        ],
        "a3": [
            enroll("a3", ts("2026-03-02"), course=course),
            navigate(
                "a3",
                ts("2026-03-05"),
                jump_to(key("vertical", "u2", course), course),
                course=course,
            ),
        ],
        "n1": [
            enroll("n1", ts("2026-03-01"), "verified", course=course),
            navigate("n1", ts("2026-03-18"), xblock(seq), 1, 3, course=course),
        ],
        "n2": [
            enroll("n2", ts("2026-03-01"), course=course),
            evaluated("n2", ts("2026-03-03"), problem, False, 0.0, attempt=1, course=course),
            unenroll("n2", ts("2026-03-06"), course=course),
        ],
        "n3": [enroll("n3", ts("2026-03-03"), course=course)],
    }
    return [s for learner in learners for s in by_learner[learner]]


def build(client: TestClient, basic_auth: dict[str, str], store: Store) -> None:
    """The course (six learners) and the subset course (the three at-risk ones only)."""
    structure(store, BLOCKS, COURSE)
    structure(store, BLOCKS, SUBSET)
    post_statements(client, basic_auth, _statements(COURSE, ("a1", "a2", "a3", "n1", "n2", "n3")))
    post_statements(client, basic_auth, _statements(SUBSET, MEMBERS))


@pytest.fixture
def courses(client: TestClient, basic_auth: dict[str, str], store: Store) -> None:
    build(client, basic_auth, store)


def _rows(caller: TestClient, path: str, **params: str) -> Any:
    response = caller.get(path, params={"as_of": AS_OF, **params})
    assert response.status_code == 200, response.text
    # Block keys carry the course: compare the subset course's rows as if they were COURSE's.
    text = json.dumps(response.json()["rows"], sort_keys=True)
    return json.loads(text.replace("Org+Sub+2026", "Org+C1+2026"))


def _params(name: str) -> dict[str, str]:
    return {"video": key("video", "v1")} if name == "video-segments" else {}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_group_report_equals_the_report_of_a_course_of_its_members(
    courses: None, plain_client: TestClient, name: str
) -> None:
    group = plain_client.get(
        f"/api/v1/courses/{COURSE}/groups/at-risk/learners", params={"as_of": AS_OF}
    ).json()
    assert [r["anonymous_id"] for r in group["rows"]] == list(MEMBERS)
    params = _params(name)
    if name == "video-segments":  # the video id names the course
        subset_params = {"video": key("video", "v1", SUBSET)}
    else:
        subset_params = params
    grouped = _rows(
        plain_client, f"/api/v1/courses/{COURSE}/groups/at-risk/reports/{name}", **params
    )
    alone = _rows(plain_client, f"/api/v1/courses/{SUBSET}/reports/{name}", **subset_params)
    assert grouped == alone


def test_group_reports_by_hand(courses: None, plain_client: TestClient) -> None:
    base = f"/api/v1/courses/{COURSE}/groups/at-risk/reports"
    assert _rows(plain_client, f"{base}/enrollment-summary")[0]["current_enrollees"] == 3
    grades = {r["bucket"]: r["learners"] for r in _rows(plain_client, f"{base}/grade-distribution")}
    assert (grades["30-39%"], grades["80-89%"], grades["no grade yet"]) == (1, 1, 1)
    missing = plain_client.get(f"{base}/no-such-report")
    assert missing.status_code == 404
