"""The instance's courses and organizations: numbers by hand from tests/operator/conftest.py."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from tests.lms import factories as lms
from tests.operator.conftest import A1, A2, AS_OF, B1, table

COURSES = "course_key, name, org, current_enrollees, active_learners_7d, statements, last_activity"


def test_courses_list_enrollees_learners_active_in_seven_days_and_last_activity(
    operator_client: TestClient, instance: Any, basic_auth: dict[str, str]
) -> None:
    overview = lms.overview(course_key=A1, org="OrgA", display_name="Alpha One")
    overview = {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in overview.items()}
    overview["time_last_dumped"] = "2026-03-01T00:00:00Z"
    response = operator_client.post(
        "/api/v1/lms/course_overviews", json=[overview], headers=basic_auth
    )
    assert response.status_code == 200, response.text

    # Seven days up to as_of: (03-03 12:00, 03-10 12:00].
    assert table(operator_client, "courses", COURSES, as_of=AS_OF) == [
        # s1, s2, s5, s6, s10 (s8 voided); l1 enrolled (moved to verified), l2 left;
        # active: l2 (s6), l1 (s10).
        (A1, "Alpha One", "OrgA", 1, 2, 5, "2026-03-10T11:00:00Z"),
        (A2, None, "OrgA", 1, 1, 2, "2026-03-10T11:20:00Z"),  # l3; no LMS name
        (B1, None, "OrgB", 2, 1, 2, "2026-03-04T12:00:00Z"),  # l1 and l4; only l4 recently
    ]


def test_courses_as_of_an_earlier_time_see_only_what_had_happened(
    operator_client: TestClient, instance: Any
) -> None:
    # 03-02 12:00: s1-s3 only; the 7 days reach back to 02-23 12:00.
    assert table(operator_client, "courses", COURSES, as_of="2026-03-02T12:00:00Z") == [
        (A1, None, "OrgA", 2, 2, 2, "2026-03-01T08:30:00Z"),
        (B1, None, "OrgB", 1, 1, 1, "2026-03-01T08:45:00Z"),
    ]


def test_organizations_sum_enrollments_and_count_each_active_learner_once(
    operator_client: TestClient, instance: Any
) -> None:
    columns = "org, courses, current_enrollments, active_learners_7d, last_activity"
    assert table(operator_client, "organizations", columns, as_of=AS_OF) == [
        ("OrgA", 2, 2, 3, "2026-03-10T11:20:00Z"),  # A1 + A2; l1, l2, l3
        ("OrgB", 1, 2, 1, "2026-03-04T12:00:00Z"),  # B1; l4
    ]


def test_an_empty_instance_has_no_courses_and_no_organizations(
    operator_client: TestClient,
) -> None:
    assert table(operator_client, "courses", COURSES) == []
    assert table(operator_client, "organizations", "org") == []
