"""The report routes: JSON shape, the CSV twin, course keys in paths, errors, the course list."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import COURSE, enroll, get_report, ts, unenroll

BASE = f"/api/v1/courses/{COURSE}/reports"


def _enrollments(client: TestClient, auth: dict[str, str]) -> None:
    post_statements(
        client,
        auth,
        [
            enroll("a", ts("2026-01-05")),
            enroll("b", ts("2026-01-06"), "verified"),
            unenroll("b", ts("2026-01-07")),
            enroll("x", ts("2026-01-08"), course="ccx-v1:Org+C1+2026+ccx@3"),
        ],
    )


def test_json_answer_names_report_course_params_columns_and_rows(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _enrollments(client, basic_auth)
    answer = get_report(
        client,
        "enrollment-over-time",
        grain="week",
        tz="Europe/Paris",
        **{"from": "2026-01-05", "to": "2026-01-12", "as_of": "2026-02-01T00:00:00Z"},
    )
    assert answer["report"] == "enrollment-over-time"
    assert answer["course_key"] == COURSE  # the "+" arrived intact
    assert answer["params"] == {
        "from": "2026-01-05",
        "to": "2026-01-12",
        "tz": "Europe/Paris",
        "grain": "week",
        "as_of": "2026-02-01T00:00:00Z",
    }
    assert answer["columns"] == [
        "bucket_start",
        "track",
        "new",
        "re_enrolled",
        "unenrolled",
        "net",
        "current_at_end",
    ]
    # a (audit) and b (verified) new, b out: all net +1.
    assert answer["rows"][0] == {
        "bucket_start": "2026-01-05",
        "track": "all",
        "new": 2,
        "re_enrolled": 0,
        "unenrolled": 1,
        "net": 1,
        "current_at_end": 1,
    }


def test_percent_encoded_course_keys_arrive_decoded(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _enrollments(client, basic_auth)
    response = client.get("/api/v1/courses/course-v1%3AOrg%2BC1%2B2026/reports/enrollment-summary")
    assert response.status_code == 200, response.text
    assert response.json()["course_key"] == COURSE
    assert response.json()["rows"][0]["total_enrollees"] == 2
    ccx = get_report(client, "enrollment-summary", course="ccx-v1:Org+C1+2026+ccx@3")
    assert ccx["rows"][0]["total_enrollees"] == 1


@pytest.mark.parametrize(
    "name",
    [
        "enrollment-summary",
        "enrollment-by-track",
        "enrollment-over-time",
        "enrollment-change",
        "grades-summary",
        "grade-distribution",
    ],
)
def test_csv_twin_has_the_same_columns_and_rows_as_json(
    client: TestClient, basic_auth: dict[str, str], name: str
) -> None:
    _enrollments(client, basic_auth)
    params = {"from": "2026-01-05", "to": "2026-01-09"}
    answer = get_report(client, name, **params)
    response = client.get(f"{BASE}/{name}.csv", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    parsed = list(csv.reader(io.StringIO(response.text)))
    assert parsed[0] == answer["columns"]
    as_text = [["" if v is None else str(v) for v in row.values()] for row in answer["rows"]]
    assert parsed[1:] == as_text
    assert len(parsed) > 1


def test_video_csv_twin_matches_json(client: TestClient) -> None:
    video = "block-v1:Org+C1+2026+type@video+block@v1"
    answer = get_report(client, "video-segments", video=video)
    response = client.get(f"{BASE}/video-segments.csv", params={"video": video})
    assert response.status_code == 200
    assert response.text.splitlines() == [",".join(answer["columns"])]  # never watched: no rows


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        (f"{BASE}/no-such-report", {}, 404, "unknown report 'no-such-report'"),
        (f"{BASE}/no-such-report.csv", {}, 404, "unknown report"),
        ("/api/v1/courses/not-a-course/reports/enrollment-summary", {}, 400, "bad course key"),
        (f"{BASE}/enrollment-over-time", {"from": "2026-02-30"}, 400, "bad 'from' date"),
        (f"{BASE}/enrollment-over-time", {"to": "01/02/2026"}, 400, "bad 'to' date"),
        (
            f"{BASE}/enrollment-over-time",
            {"from": "2026-02-02", "to": "2026-02-01"},
            400,
            "must be before",
        ),
        (f"{BASE}/enrollment-over-time", {"tz": "Europe/Nowhere"}, 400, "unknown time zone"),
        (f"{BASE}/enrollment-over-time", {"grain": "year"}, 400, "bad grain"),
        (f"{BASE}/enrollment-summary", {"as_of": "soon"}, 400, "bad 'as_of' timestamp"),
        (f"{BASE}/enrollment-summary", {"bucket": "5"}, 400, "takes no parameter 'bucket'"),
        (f"{BASE}/video-segments", {}, 400, "needs the parameter 'video'"),
        (
            f"{BASE}/video-segments",
            {"video": "block-v1:Org+C1+2026+type@problem+block@p"},
            400,
            "bad video",
        ),
        (
            f"{BASE}/video-segments",
            {"video": "block-v1:Org+C1+2026+type@video+block@v", "bucket": "10"},
            400,
            "bad bucket",
        ),
    ],
)
def test_bad_requests_get_a_clear_message(
    client: TestClient, path: str, params: dict[str, str], status: int, message: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    assert message in response.json()["error"]


def test_course_list_without_lms_data_has_null_names(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _enrollments(client, basic_auth)
    response = client.get("/api/v1/courses")
    assert response.status_code == 200, response.text
    # In key order. The CCX course: x, last statement 01-08; Org+C1: a current (b unenrolled),
    # last statement 01-07.
    assert response.json()["rows"] == [
        {
            "course_key": "ccx-v1:Org+C1+2026+ccx@3",
            "name": None,
            "org": "Org",
            "run": "2026",
            "enrollees": 1,
            "last_activity": "2026-01-08T10:00:00Z",
        },
        {
            "course_key": COURSE,
            "name": None,
            "org": "Org",
            "run": "2026",
            "enrollees": 1,
            "last_activity": "2026-01-07T10:00:00Z",
        },
    ]


def test_course_list_names_courses_from_lms_overviews(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    _enrollments(client, basic_auth)
    now = datetime(2026, 1, 9, tzinfo=UTC)
    store.insert(
        "course_overviews",
        [("Org", COURSE, "Intro to Things", False, "{}", uuid.uuid4(), now)],
        (
            "org",
            "course_key",
            "display_name",
            "self_paced",
            "course_data_json",
            "dump_id",
            "time_last_dumped",
        ),
    )
    names = {r["course_key"]: r["name"] for r in client.get("/api/v1/courses").json()["rows"]}
    assert names == {COURSE: "Intro to Things", "ccx-v1:Org+C1+2026+ccx@3": None}


def test_csv_file_names_say_the_course_the_report_and_the_period(client: TestClient) -> None:
    base = f"/api/v1/courses/{COURSE}/reports"
    period = client.get(
        f"{base}/enrollment-change.csv",
        params={"from": "2026-01-01", "to": "2026-02-01"},
    )
    course = COURSE.removeprefix("course-v1:").replace("+", "-")
    assert period.headers["content-disposition"] == (
        f'attachment; filename="{course}-enrollment-change-2026-01-01-2026-02-01.csv"'
    )
    instant = client.get(
        f"{base}/enrollment-summary.csv",
        params={"as_of": "2026-03-04T05:06:07Z"},
    )
    assert instant.headers["content-disposition"] == (
        f'attachment; filename="{course}-enrollment-summary-as-of-2026-03-04T0506Z.csv"'
    )
