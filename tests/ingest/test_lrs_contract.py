"""The xAPI contract of README.md ("The LRS contract"), over real HTTP through the app.

Status codes, idempotency, atomic batches, auth, PUT, ids and lax objects, headers and
/metrics. Section numbers are xAPI 1.0.3 Part 3. What the LRS refuses (bad statements and
bodies, 413, garbage): test_lrs_refusals.py.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.ingest.credentials import remove
from aspects.settings import Settings
from aspects.store import Store
from tests.conftest import LRS_USER
from tests.factories import statement

URL = "/xAPI/statements"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"
REGISTERED = "http://adlnet.gov/expapi/verbs/registered"


def count(store: Store, table: str = "xapi_events_all", event_id: str | None = None) -> int:
    if event_id is None:
        return int(store.query(f"select count() from {table}")[0][0])  # noqa: S608
    sql = f"select count() from {table} where event_id = {{id:UUID}}"  # noqa: S608
    return int(store.query(sql, {"id": uuid.UUID(event_id)})[0][0])


def post(client: TestClient, body: Any, auth: dict[str, str]) -> Any:
    return client.post(URL, content=json.dumps(body), headers=auth)


def only_rejection(response: Any) -> dict[str, Any]:
    body = response.json()
    assert len(body["rejections"]) == 1, body
    rejection: dict[str, Any] = body["rejections"][0]
    return rejection


def without(key: str) -> dict[str, Any]:
    """A statement without ``key``."""
    body = statement()
    del body[key]
    return body


# Idempotency and conflicts (§2.1.1, §2.1.2; statement comparison Part 2 §2.3).


def test_identical_resend_answers_200_with_the_same_ids_and_stores_nothing_twice(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    batch = [statement(actor="a"), statement(actor="b")]
    first = post(client, batch, basic_auth)
    again = post(client, batch, basic_auth)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() == [batch[0]["id"], batch[1]["id"]]
    assert count(store) == 2


def test_resend_differing_only_in_lrs_fields_key_order_and_timestamp_zone_is_not_a_conflict(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    sent = statement(ts="2026-01-05T10:00:00+00:00")
    assert post(client, sent, basic_auth).status_code == 200
    resend = {
        **dict(reversed(list(sent.items()))),
        "timestamp": "2026-01-05T12:00:00+02:00",  # the same instant
        "version": "1.0.0",
        "stored": "2026-02-01T00:00:00Z",
        "authority": {"objectType": "Agent", "mbox": "mailto:someone@example.com"},
    }
    response = post(client, resend, basic_auth)
    assert response.status_code == 200, response.text
    assert response.json() == [sent["id"]]
    assert count(store) == 1


def test_timestamp_in_another_zone_is_stored_as_the_utc_instant(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    sent = statement(ts="2026-03-01T01:30:00.250+02:00")
    assert post(client, sent, basic_auth).status_code == 200
    rows = store.query(
        "select toString(emission_time) from xapi_events_all where event_id = {id:UUID}",
        {"id": uuid.UUID(sent["id"])},
    )
    assert rows == [("2026-02-28 23:30:00.250000",)]


def test_different_body_under_a_stored_id_is_409_and_nothing_of_that_request_is_written(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    stored = statement(actor="a")
    assert post(client, stored, basic_auth).status_code == 200
    newcomer = statement(actor="b")
    changed = {**stored, "verb": {"id": EXPERIENCED}}
    response = post(client, [newcomer, changed], basic_auth)
    assert response.status_code == 409
    assert only_rejection(response) | {"message": ""} == {
        "index": 1,
        "field": "id",
        "reason": "conflict",
        "message": "",
    }
    assert count(store, event_id=newcomer["id"]) == 0
    assert store.query("select verb_id from xapi_events_all") == [(REGISTERED,)]


def test_same_id_twice_in_one_request_is_400_naming_the_second_index(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    first, other = statement(actor="a"), statement(actor="b")
    response = post(client, [first, other, {**first}], basic_auth)
    assert response.status_code == 400
    rejection = only_rejection(response)
    assert (rejection["index"], rejection["field"], rejection["reason"]) == (
        2,
        "id",
        "duplicate_id_in_request",
    )
    assert count(store) == 0


def test_a_batch_with_one_bad_statement_of_three_stores_none_of_them(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    bad = statement(actor="b")
    del bad["verb"]
    response = post(client, [statement(actor="a"), bad, statement(actor="c")], basic_auth)
    assert response.status_code == 400
    rejection = only_rejection(response)
    assert (rejection["index"], rejection["field"], rejection["reason"]) == (
        1,
        "verb",
        "missing_verb",
    )
    assert count(store) == 0


# Ids and lax objects (§2.4.1; corpus README: ingest is lax like a real LRS).


def test_statement_without_id_gets_a_uuid_assigned_returned_and_stored(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    response = post(client, without("id"), basic_auth)
    assert response.status_code == 200
    [assigned] = response.json()
    assert str(uuid.UUID(assigned)) == assigned
    assert count(store, event_id=assigned) == 1
    fetched = client.get(URL, params={"statementId": assigned}, headers=basic_auth)
    assert fetched.json()["id"] == assigned


@pytest.mark.parametrize(
    "obj",
    [
        {"objectType": "GroupActivity", "id": "http://lms.example/xblock/block-v1:O+C+R"},
        {"objectType": "Activity", "definition": {"type": "http://x/cmi.interaction"}},
        {"objectType": "Activity", "id": "block-v1:O+C+R+type@sequential+block@exam"},
    ],
    ids=["GroupActivity", "no object id", "non-HTTP object id"],
)
def test_lax_objects_real_erb_traffic_sends_are_accepted(
    client: TestClient, store: Store, basic_auth: dict[str, str], obj: dict[str, Any]
) -> None:
    response = post(client, statement(object=obj), basic_auth)
    assert response.status_code == 200, response.text
    assert count(store) == 1


# Authentication (Part 3 §4).


def test_no_credentials_is_401_with_www_authenticate_and_nothing_written(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    response = post(client, statement(), {})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Basic")
    assert client.get(URL).status_code == 401
    assert count(store) == 0


@pytest.mark.parametrize(
    "header",
    ["Basic ZXJiOndyb25nLXBhc3N3b3Jk", "Bearer aspk_not-a-key", "Basic !!!", "Token x"],
    ids=["wrong password", "unknown bearer", "malformed basic", "unknown scheme"],
)
def test_wrong_credentials_are_401(
    client: TestClient, store: Store, basic_auth: dict[str, str], header: str
) -> None:
    response = post(client, statement(), {"Authorization": header})
    assert response.status_code == 401
    assert count(store) == 0


def test_basic_and_bearer_both_work_until_the_credential_is_removed(
    client: TestClient,
    store: Store,
    settings: Settings,
    basic_auth: dict[str, str],
    bearer_auth: dict[str, str],
) -> None:
    assert post(client, statement(), basic_auth).status_code == 200
    assert post(client, statement(), bearer_auth).status_code == 200
    assert remove(settings.credentials_path, LRS_USER)
    assert post(client, statement(), basic_auth).status_code == 401
    assert remove(settings.credentials_path, "lms")
    assert post(client, statement(), bearer_auth).status_code == 401
    assert count(store) == 2


# PUT (§2.1.1).


def test_put_stores_under_statement_id_and_answers_204(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    sent = without("id")
    statement_id = str(uuid.uuid4())
    response = client.put(
        URL, params={"statementId": statement_id}, content=json.dumps(sent), headers=basic_auth
    )
    assert response.status_code == 204
    assert response.headers["x-experience-api-version"] == "1.0.3"
    assert count(store, event_id=statement_id) == 1


def test_put_with_a_body_id_other_than_statement_id_is_400_id_mismatch(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    response = client.put(
        URL,
        params={"statementId": str(uuid.uuid4())},
        content=json.dumps(statement()),
        headers=basic_auth,
    )
    assert response.status_code == 400
    assert only_rejection(response)["reason"] == "id_mismatch"
    assert count(store) == 0


def test_put_of_a_different_body_under_a_stored_id_is_409(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    sent = statement()
    params = {"statementId": sent["id"]}
    first = client.put(URL, params=params, content=json.dumps(sent), headers=basic_auth)
    assert first.status_code == 204
    changed = json.dumps({**sent, "verb": {"id": EXPERIENCED}})
    response = client.put(URL, params=params, content=changed, headers=basic_auth)
    assert response.status_code == 409
    assert only_rejection(response)["reason"] == "conflict"
    assert store.query("select verb_id from xapi_events_all") == [(REGISTERED,)]


@pytest.mark.parametrize("params", [{}, {"statementId": "abc"}], ids=["missing", "not a UUID"])
def test_put_without_a_valid_statement_id_is_400(
    client: TestClient, store: Store, basic_auth: dict[str, str], params: dict[str, str]
) -> None:
    response = client.put(URL, params=params, content=json.dumps(statement()), headers=basic_auth)
    assert response.status_code == 400
    rejection = only_rejection(response)
    assert (rejection["field"], rejection["reason"]) == ("statementId", "bad_id")
    assert count(store) == 0


# About, headers, operations.


def test_about_lists_version_1_0_3_and_responses_carry_the_version_header(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    about = client.get("/xAPI/about")
    assert about.status_code == 200
    assert "1.0.3" in about.json()["version"]
    assert about.headers["x-experience-api-version"] == "1.0.3"
    for response in (
        post(client, statement(), basic_auth),
        post(client, {}, basic_auth),
        client.get(URL, headers=basic_auth),
    ):
        assert response.headers["x-experience-api-version"] == "1.0.3"
    listed = client.get(URL, headers=basic_auth)
    consistent = listed.headers["x-experience-api-consistent-through"]
    assert datetime.fromisoformat(consistent).tzinfo is not None


def _metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_accepted_duplicate_and_rejected_by_reason(
    client: TestClient, basic_auth: dict[str, str], operator_token: dict[str, str]
) -> None:
    first, second = statement(actor="a"), statement(actor="b")
    post(client, [first, second], basic_auth)  # 2 accepted
    post(client, [first], basic_auth)  # 1 duplicate
    post(client, {**first, "verb": {"id": EXPERIENCED}}, basic_auth)  # conflict
    post(client, [statement(), without("actor")], basic_auth)  # missing_actor
    client.post(URL, content=b"{", headers=basic_auth)  # body_not_json
    client.post(URL, content=b"42", headers=basic_auth)  # not_a_statement
    post(client, statement(), {})  # unauthorized
    body = json.dumps(statement())
    client.put(URL, params={"statementId": str(uuid.uuid4())}, content=body, headers=basic_auth)
    client.put(URL, params={"statementId": "x"}, content=body, headers=basic_auth)  # bad_id
    text = client.get("/metrics", headers=operator_token).text  # operators only (issue 7)
    rejected = 'aspects_statements_rejected_total{reason="%s"}'
    assert _metric(text, "aspects_statements_accepted_total") == 2
    assert _metric(text, "aspects_statements_duplicate_total") == 1
    assert _metric(text, rejected % "conflict") == 1
    assert _metric(text, rejected % "missing_actor") == 1
    assert _metric(text, rejected % "body_not_json") == 1
    assert _metric(text, rejected % "not_a_statement") == 1
    assert _metric(text, rejected % "unauthorized") == 1
    assert _metric(text, rejected % "id_mismatch") == 1
    assert _metric(text, rejected % "bad_id") == 1
    assert text.count("aspects_statements_rejected_total{") == 7


def test_healthz_and_readyz_answer_200(client: TestClient) -> None:
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}


def test_put_accepts_a_body_id_spelled_differently_from_the_statement_id_query(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    sent = statement()
    statement_id = sent["id"]
    sent["id"] = "urn:uuid:" + statement_id.upper()
    response = client.put(
        f"/xAPI/statements?statementId={statement_id}", json=sent, headers=basic_auth
    )
    assert response.status_code == 204
    rows = store.query("select toString(event_id) from xapi_events_all")
    assert rows == [(statement_id,)]


def test_course_is_read_from_a_parent_given_as_one_object_instead_of_an_array(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    sent = statement(verb="https://w3id.org/xapi/video/verbs/played")
    sent["object"] = {"id": "http://lms.example/xblock/block-v1:Org+C1+2026+type@video+block@v1"}
    sent["context"] = {
        "contextActivities": {
            "parent": {
                "id": "http://lms.example/course/course-v1:Org+C1+2026",
                "definition": {"type": "http://adlnet.gov/expapi/activities/course"},
            }
        }
    }
    assert client.post("/xAPI/statements", json=sent, headers=basic_auth).status_code == 200
    assert store.query("select course_key, org from xapi_events_all") == [
        ("course-v1:Org+C1+2026", "Org")
    ]
