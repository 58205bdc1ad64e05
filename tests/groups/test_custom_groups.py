"""Custom groups: saved, validated, listed, updated and deleted; each filter on hand-known rows."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import COURSE, PASSED, jump_to, key, navigate, pass_state, ts
from tests.groups.test_group_reports import AS_OF, build

BASE = f"/api/v1/courses/{COURSE}/groups"

# The course of test_group_reports, plus n1 passing and visiting section 2 on 03-18.
# As of 03-20, by hand:
#        track     first enrolled  last visit   grade  passed current engaged sections
#   a1   verified  03-01 10:00     03-02 10:00  0.3    no     yes     yes     1
#   a2   audit     03-01 10:00     03-04 10:00  0.8    no     yes     yes     1
#   a3   audit     03-02 10:00     03-05 10:00  —      no     yes     yes     1
#   n1   verified  03-01 10:00     03-18 11:00  —      yes    yes     yes     1, 2
#   n2   audit     03-01 10:00     03-03 10:00  —      no     no      yes     1
#   n3   audit     03-03 10:00     never        —      no     yes     no      —
CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({"track": "verified"}, ["a1", "n1"]),
    ({"track": ["audit"]}, ["a2", "a3", "n2", "n3"]),
    ({"enrolled_from": "2026-03-02"}, ["a3", "n3"]),
    ({"enrolled_to": "2026-03-02"}, ["a1", "a2", "n1", "n2"]),
    ({"enrolled_from": "2026-03-02", "enrolled_to": "2026-03-03"}, ["a3"]),
    ({"last_visit_before": "2026-03-04"}, ["a1", "n2", "n3"]),  # never visited counts
    ({"last_visit_after": "2026-03-05"}, ["a3", "n1"]),
    ({"last_visit_after": "2026-03-05T10:00:01Z"}, ["n1"]),
    ({"grade_min": 0.5}, ["a2"]),
    ({"grade_max": 0.5}, ["a1"]),
    ({"grade_min": 0.3, "grade_max": 0.8}, ["a1", "a2"]),
    ({"passed": True}, ["n1"]),
    ({"passed": False}, ["a1", "a2", "a3", "n2", "n3"]),
    ({"engaged": False}, ["n3"]),
    ({"current": False}, ["n2"]),
    ({"visited_section": 2}, ["n1"]),
    ({"track": "audit", "engaged": True, "current": True}, ["a2", "a3"]),
    ({}, ["a1", "a2", "a3", "n1", "n2", "n3"]),
]


@pytest.fixture
def course(client: TestClient, basic_auth: dict[str, str], store: Store) -> None:
    build(client, basic_auth, store)
    post_statements(
        client,
        basic_auth,
        [
            navigate("n1", ts("2026-03-18", "11:00:00"), jump_to(key("sequential", "s2"))),
            pass_state("n1", ts("2026-03-18", "12:00:00"), PASSED),
        ],
    )


def _members(caller: TestClient, group: str) -> list[str]:
    response = caller.get(f"{BASE}/{group}/learners", params={"as_of": AS_OF})
    assert response.status_code == 200, response.text
    return [row["anonymous_id"] for row in response.json()["rows"]]


@pytest.mark.parametrize(("filters", "expected"), CASES)
def test_each_filter_selects_the_learners_worked_by_hand(
    course: None, staff: TestClient, filters: dict[str, Any], expected: list[str]
) -> None:
    response = staff.post(BASE, json={"name": "mine", "filters": filters})
    assert response.status_code == 201, response.text
    assert _members(staff, response.json()["id"]) == expected


def test_a_group_is_listed_with_its_size_updated_and_deleted(
    course: None, staff: TestClient
) -> None:
    created = staff.post(BASE, json={"name": "Verified", "filters": {"track": "verified"}})
    group = created.json()["id"]
    listed = staff.get(BASE, params={"as_of": AS_OF}).json()["groups"]
    # At risk on 03-20 (last visit on or before 03-13): a1, a2, a3.
    assert [(g["id"], g["name"], g["size"]) for g in listed] == [
        ("at-risk", "At-risk learners", 3),
        (group, "Verified", 2),
    ]
    assert listed[1]["filters"] == {"track": "verified"} and listed[1]["kind"] == "custom"
    updated = staff.put(f"{BASE}/{group}", json={"name": "Audit", "filters": {"track": "audit"}})
    assert updated.status_code == 200 and updated.json()["name"] == "Audit"
    assert _members(staff, group) == ["a2", "a3", "n2", "n3"]
    one = staff.get(f"{BASE}/{group}", params={"as_of": AS_OF}).json()
    assert (one["name"], one["size"]) == ("Audit", 4)
    assert staff.delete(f"{BASE}/{group}").status_code == 204
    assert [g["id"] for g in staff.get(BASE).json()["groups"]] == ["at-risk"]
    assert staff.get(f"{BASE}/{group}/learners").status_code == 404
    assert staff.put(f"{BASE}/{group}", json={"name": "x", "filters": {}}).status_code == 404
    assert staff.delete(f"{BASE}/at-risk").status_code == 400


@pytest.mark.parametrize(
    ("body", "bad"),
    [
        ({"name": "g", "filters": {"colour": "red"}}, "colour"),
        ({"name": "g", "filters": {"grade_min": 2}}, "grade_min"),
        ({"name": "g", "filters": {"grade_min": 0.8, "grade_max": 0.2}}, "grade_min"),
        ({"name": "g", "filters": {"track": 5}}, "track"),
        ({"name": "g", "filters": {"enrolled_from": "yesterday"}}, "enrolled_from"),
        ({"name": "g", "filters": {"last_visit_after": 3}}, "last_visit_after"),
        ({"name": "g", "filters": {"passed": "yes"}}, "passed"),
        ({"name": "g", "filters": {"visited_section": 0}}, "visited_section"),
        ({"name": "g", "filters": ["track"]}, "filters"),
        ({"filters": {}}, "name"),
        ({"name": "   ", "filters": {}}, "name"),
    ],
)
def test_a_bad_definition_is_a_400_naming_the_filter(
    staff: TestClient, body: dict[str, Any], bad: str
) -> None:
    response = staff.post(BASE, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["filter"] == bad and bad in response.json()["error"]


def test_writes_need_a_session_with_the_csrf_header(
    staff: TestClient, pii_client: TestClient
) -> None:
    body = {"name": "g", "filters": {}}
    assert pii_client.post(BASE, json=body).status_code == 403  # API tokens are read-only
    no_csrf = staff.headers.pop("X-CSRF-Token")
    assert staff.post(BASE, json=body).status_code == 403
    staff.headers["X-CSRF-Token"] = no_csrf
    assert staff.post(BASE, json=body).status_code == 201
