"""The xAPI contract of README.md ("The LRS contract"): what the LRS refuses, over real HTTP.

Bad statements and bodies are answered with a 4xx whose JSON names the index, the field and the
reason, and nothing of the request is written; too large a body is a 413; garbage is never a
5xx. Section numbers are xAPI 1.0.3 Part 3 (the rest of the contract: test_lrs_contract.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.app import create_app
from aspects.settings import Settings, load_settings
from aspects.store import Store
from tests.factories import statement
from tests.ingest.test_lrs_contract import URL, VOIDED, count, only_rejection, post, without

# Bad bodies: 4xx, JSON naming index / field / reason, nothing written (§2.1.2, Part 2 §2.4).


BAD_STATEMENTS = {
    "missing actor": (without("actor"), "actor", "missing_actor"),
    "actor without an identifier": (
        statement() | {"actor": {"objectType": "Agent", "name": "No IFI"}},
        "actor",
        "bad_actor",
    ),
    "mbox not mailto": (
        statement() | {"actor": {"mbox": "learner@example.com"}},
        "actor.mbox",
        "bad_actor",
    ),
    "missing verb": (without("verb"), "verb", "missing_verb"),
    "verb without id": (statement() | {"verb": {"display": {"en": "did"}}}, "verb.id", "bad_verb"),
    "verb id not an IRI": (statement() | {"verb": {"id": "registered"}}, "verb.id", "bad_verb"),
    "missing object": (without("object"), "object", "missing_object"),
    "unknown objectType": (
        statement() | {"object": {"objectType": "Thing", "id": "http://x"}},
        "object.objectType",
        "bad_object",
    ),
    "id not a UUID": (statement() | {"id": "not-a-uuid"}, "id", "bad_id"),
    "timestamp not ISO 8601": (
        statement() | {"timestamp": "yesterday at noon"},
        "timestamp",
        "bad_timestamp",
    ),
    "timestamp without a time": (
        statement() | {"timestamp": "15/07/2020"},
        "timestamp",
        "bad_timestamp",
    ),
    "context not an object": (statement() | {"context": []}, "context", "bad_property"),
    "voiding an activity": (
        statement(verb=VOIDED),
        "object.objectType",
        "bad_voiding",
    ),
    "a number in the array": (7, "", "not_a_statement"),
}


@pytest.mark.parametrize("bad", BAD_STATEMENTS.values(), ids=BAD_STATEMENTS.keys())
def test_bad_statement_after_a_good_one_is_400_naming_index_field_and_reason(
    client: TestClient, store: Store, basic_auth: dict[str, str], bad: tuple[Any, str, str]
) -> None:
    body, field, reason = bad
    response = post(client, [statement(actor="good"), body], basic_auth)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    rejection = only_rejection(response)
    assert (rejection["index"], rejection["field"], rejection["reason"]) == (1, field, reason)
    assert rejection["message"]
    assert count(store) == 0


BAD_BODIES = {
    "not JSON": (b'{"actor": ', "body_not_json"),
    "not UTF-8": (b'{"id": "\xff"}', "body_not_json"),
    "a JSON number": (b"42", "not_a_statement"),
    "a JSON string": (b'"statement"', "not_a_statement"),
    "JSON null": (b"null", "not_a_statement"),
}


@pytest.mark.parametrize("bad", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_body_that_is_not_a_statement_or_array_is_400_with_a_json_reason(
    client: TestClient, store: Store, basic_auth: dict[str, str], bad: tuple[bytes, str]
) -> None:
    raw, reason = bad
    response = client.post(URL, content=raw, headers=basic_auth)
    assert response.status_code == 400
    assert only_rejection(response)["reason"] == reason
    assert only_rejection(response)["index"] is None
    assert count(store) == 0


@pytest.fixture
def small_client(settings: Settings, store: Store) -> Iterator[TestClient]:
    small = load_settings(
        data_dir=settings.data_dir,
        store={"database": settings.store.database},
        lrs={"max_body_bytes": 2048, "credentials_file": settings.credentials_path},
    )
    with TestClient(create_app(small, store)) as test_client:
        yield test_client


def test_body_over_max_body_bytes_is_413_and_nothing_is_written(
    small_client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    batch = [statement(actor=f"learner-{n}") for n in range(10)]  # ~4.5 kB
    assert len(json.dumps(batch)) > 2048
    response = post(small_client, batch, basic_auth)
    assert response.status_code == 413
    assert only_rejection(response)["reason"] == "body_too_large"
    # Without a Content-Length (chunked), the limit holds while reading.
    chunks = iter([json.dumps(batch).encode()[i : i + 512] for i in range(0, 4608, 512)])
    chunked = small_client.post(URL, content=chunks, headers=basic_auth)
    assert chunked.status_code == 413
    assert count(store) == 0
    assert post(small_client, batch[:2], basic_auth).status_code == 200


GARBAGE = [
    b"[[]]",
    b"[{}]",
    b"{}",
    b"true",
    b"[" * 5000 + b"]" * 5000,
    b'{"actor": "me", "verb": "did", "object": "it"}',
    b'{"actor": [], "verb": {}, "object": {}}',
    b'{"actor": {"mbox": "mailto:a@b"}, "verb": {"id": 5}, "object": {"id": 5}}',
    b'{"actor": {"account": []}, "verb": {"id": "x:y"}, "object": {"objectType": 1}}',
    b'{"id": 12, "actor": {"mbox": "mailto:a@b"}, "verb": {"id": "x:y"}, "object": {}}',
    b'{"actor": {"mbox": "mailto:a@b"}, "verb": {"id": "x:y"}, "object": {}, "timestamp": 1}',
    b'{"actor": {"mbox": "mailto:a@b"}, "verb": {"id": "x:y"}, "object": {"definition": 3}}',
]


@pytest.mark.parametrize("raw", GARBAGE)
def test_garbage_bodies_are_answered_with_a_4xx_never_a_5xx(
    client: TestClient, store: Store, basic_auth: dict[str, str], raw: bytes
) -> None:
    response = client.post(URL, content=raw, headers=basic_auth)
    assert 400 <= response.status_code < 500, response.text
    assert count(store) == 0


def test_values_beyond_their_column_range_are_stored_as_null_not_a_store_failure(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    sent = statement()
    sent["object"]["definition"]["extensions"] = {
        "http://id.tincanapi.com/extension/attempt-id": 99_999_999_999
    }
    sent["context"] = {
        "extensions": {
            "http://id.tincanapi.com/extension/starting-position": 2_147_483_647,
            "http://id.tincanapi.com/extension/ending-point": "next unit",
        }
    }
    sent["result"] = {"extensions": {"https://w3id.org/xapi/video/extensions/time": "nan"}}
    response = post(client, sent, basic_auth)
    assert response.status_code == 200, response.text
    rows = store.query("select attempt, nav_start, nav_end, video_time from xapi_events_all")
    assert rows == [(None, 2_147_483_647, None, None)]
