"""LMS rows over HTTP: the ClickHouse-shaped ``/sink/`` and ``POST /api/v1/lms/{table}``."""

from __future__ import annotations

import base64
import uuid
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from aspects.store import Store
from tests.conftest import LRS_PASSWORD, LRS_USER
from tests.lms import factories as f


def sink_request(
    table: str, rows: list[dict[str, Any]], database: str = "event_sink"
) -> tuple[str, bytes, dict[str, str]]:
    """The request platform-plugin-aspects' BaseSink.send_item sends, for ``sink_url``/sink/.

    It follows that contract (platform_plugin_aspects/sinks/base_sink.py), which cannot run
    here (it needs the LMS): ``requests.Request("POST", url, data=<csv bytes>, params=params,
    auth=(user, password))`` where params are CLICKHOUSE_BULK_INSERT_PARAMS plus ``query``;
    requests url-encodes a params dict with ``urlencode`` (spaces as ``+``) and sends the
    bytes body with no Content-Type, and Basic auth as the Authorization header.
    """
    params = {
        "input_format_allow_errors_num": 1,
        "input_format_allow_errors_ratio": 0.1,
        "query": f"INSERT INTO {database}.{table} FORMAT CSV",
    }
    token = base64.b64encode(f"{LRS_USER}:{LRS_PASSWORD}".encode()).decode()
    return f"/sink/?{urlencode(params)}", f.sink_csv(rows), {"Authorization": f"Basic {token}"}


def test_a_course_publish_sent_as_the_sink_sends_it_loads(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    dump = uuid.uuid4()
    blocks = [
        f.block("course", "course", "Demo Course", (0, 0, 0), 1, dump_id=dump),
        f.block("chapter", "w1", "Week 1", (1, 0, 0), 2, dump_id=dump),
        f.block("sequential", "s1", 'Lesson, "one"', (1, 1, 0), 3, graded=1, dump_id=dump),
        f.block("vertical", "u1", "Page", (1, 1, 1), 4, dump_id=dump),
        f.block("problem", "p1", "Quiz", (1, 1, 1), 5, graded=1, dump_id=dump),
    ]
    url, body, headers = sink_request("course_overviews", [f.overview(dump_id=dump)])
    response = client.post(url, content=body, headers=headers)
    assert response.status_code == 200, response.text
    url, body, headers = sink_request("course_blocks", blocks)
    response = client.post(url, content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"table": "course_blocks", "written": 5}
    rows = store.query(
        "select display_name, block_type, section, subsection, unit, graded "
        "from latest_course_blocks order by `order`"
    )
    assert rows == [
        ("Demo Course", "course", 0, 0, 0, False),
        ("Week 1", "chapter", 1, 0, 0, False),
        ('Lesson, "one"', "sequential", 1, 1, 0, True),
        ("Page", "vertical", 1, 1, 1, False),
        ("Quiz", "problem", 1, 1, 1, True),
    ]
    assert store.query("select display_name, self_paced from latest_course_overviews") == [
        ("Demo Course", True)
    ]


@pytest.mark.parametrize("table", list(f.ONE_ROW))
def test_every_table_loads_through_the_sink(
    client: TestClient, store: Store, basic_auth: dict[str, str], table: str
) -> None:
    url, body, headers = sink_request(table, [f.ONE_ROW[table]()], database="my_sink_db")
    response = client.post(url, content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert store.query(f"select count() from latest_{table}")[0][0] == 1  # noqa: S608


def test_the_insert_query_is_read_whatever_its_case_spacing_and_slash(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    body = f.sink_csv([f.external_id()])
    query = urlencode({"query": "  insert   into `event_sink`.`external_id`\nformat csv ;"})
    response = client.post(f"/sink?{query}", content=body, headers=basic_auth)
    assert response.status_code == 200, response.text
    assert store.query("select username from latest_external_id") == [("ada",)]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("SELECT max(time_last_dumped) FROM event_sink.course_overviews", "only CSV inserts"),
        ("ALTER TABLE event_sink.user_profile DELETE WHERE user_id in (7)", "only CSV inserts"),
        ("INSERT INTO event_sink.course_blocks FORMAT JSONEachRow", "only CSV inserts"),
        ("INSERT INTO event_sink.course_blocks (org) FORMAT CSV", "only CSV inserts"),
        ("INSERT INTO event_sink.tag FORMAT CSV", "unknown table 'tag'"),
        ("INSERT INTO event_sink.xapi_events_all FORMAT CSV", "unknown table"),
        ("", "only CSV inserts"),
    ],
)
def test_anything_but_an_insert_into_the_five_tables_is_a_400_naming_the_problem(
    client: TestClient, store: Store, basic_auth: dict[str, str], query: str, says: str
) -> None:
    url = "/sink/?" + urlencode({"query": query})
    response = client.post(url, content=f.sink_csv([f.external_id()]), headers=basic_auth)
    assert response.status_code == 400
    assert says in response.json()["error"]
    assert store.query("select count() from external_id")[0][0] == 0


def test_a_sink_request_with_a_bad_row_writes_nothing_and_lists_each_problem(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    rows = [f.enrollment(), f.enrollment(id=42, user_id="x"), f.enrollment(id=43, user_id=9)]
    url, body, headers = sink_request("course_enrollment", rows)
    response = client.post(url, content=body, headers=headers)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 2, "column": "user_id", "message": "expected an integer, got 'x'"}
    ]
    assert "nothing was written" in response.json()["error"]
    assert store.query("select count() from course_enrollment")[0][0] == 0


def test_a_sink_row_with_the_wrong_number_of_values_is_a_400(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    url, _, headers = sink_request("external_id", [])
    body = f.sink_csv([f.external_id()]) + b'"only","three","values"\r\n'
    response = client.post(url, content=body, headers=headers)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 2, "column": "", "message": "line 2: expected 6 values, got 3"}
    ]
    assert store.query("select count() from external_id")[0][0] == 0


@pytest.mark.parametrize("path", ["/sink/", "/api/v1/lms/external_id"])
@pytest.mark.parametrize("auth", [None, "Basic ZXJiOndyb25n", "Bearer nope"])
def test_both_routes_require_the_service_credentials(
    client: TestClient, store: Store, basic_auth: dict[str, str], path: str, auth: str | None
) -> None:
    headers = {"Authorization": auth} if auth else {}
    url = path + "?" + urlencode({"query": "INSERT INTO event_sink.external_id FORMAT CSV"})
    response = client.post(url, content=f.sink_csv([f.external_id()]), headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Basic")
    assert store.query("select count() from external_id")[0][0] == 0


def test_a_bearer_key_works_too(
    client: TestClient, store: Store, bearer_auth: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/lms/course_enrollment", json=[_json(f.enrollment())], headers=bearer_auth
    )
    assert response.status_code == 200


def _json(row: dict[str, Any]) -> dict[str, Any]:
    """A serializer row as JSON carries it (UUIDs and datetimes as text)."""
    return {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in row.items()} | {
        "time_last_dumped": "2026-01-10T09:30:00.123456Z"
    }


@pytest.mark.parametrize("table", list(f.ONE_ROW))
def test_every_table_loads_as_json_rows(
    client: TestClient, store: Store, basic_auth: dict[str, str], table: str
) -> None:
    response = client.post(
        f"/api/v1/lms/{table}", json=[_json(f.ONE_ROW[table]())], headers=basic_auth
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"table": table, "accepted": 1, "rejected": 0, "errors": []}
    assert store.query(f"select count() from latest_{table}")[0][0] == 1  # noqa: S608


def test_json_rows_with_problems_are_a_400_listing_them_and_good_rows_load(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    rows = [
        _json(f.profile()),
        _json(f.profile(user_id=8, year_of_birth="1815", email=None)),
        _json(f.profile(user_id=9, year_of_birth="nineteen")) | {"time_last_dumped": "soon"},
    ]
    response = client.post("/api/v1/lms/user_profile", json=rows, headers=basic_auth)
    assert response.status_code == 400
    assert response.json() == {
        "table": "user_profile",
        "accepted": 2,
        "rejected": 1,
        "errors": [
            {"row": 3, "column": "year_of_birth", "message": "expected an integer, got 'nineteen'"},
            {
                "row": 3,
                "column": "time_last_dumped",
                "message": "expected an ISO 8601 date-time, got 'soon'",
            },
        ],
    }
    assert store.query(
        "select user_id, year_of_birth, email from user_profile order by user_id"
    ) == [
        (7, None, "ada@example.org"),
        (8, 1815, ""),
    ]


def test_the_json_api_refuses_an_unknown_table_and_a_body_that_is_not_an_array(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    response = client.post("/api/v1/lms/auth_user", json=[], headers=basic_auth)
    assert response.status_code == 404
    assert "unknown table 'auth_user'" in response.json()["error"]
    response = client.post("/api/v1/lms/user_profile", json={"id": 1}, headers=basic_auth)
    assert response.status_code == 400
    assert response.json() == {"error": "expected a JSON array of row objects"}
    response = client.post("/api/v1/lms/user_profile", content=b"[{", headers=basic_auth)
    assert response.status_code == 400
    assert response.json()["error"].startswith("body is not JSON")
