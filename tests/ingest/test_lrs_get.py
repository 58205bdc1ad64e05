"""GET /xAPI/statements over real HTTP: by id, voiding, filters, paging (xAPI Part 3 §2.1.3)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.store import Store
from tests.conftest import LRS_USER
from tests.factories import statement
from tests.ingest.test_lrs_contract import EXPERIENCED, REGISTERED, URL, VOIDED, count, post

# GET (§2.1.3) and voiding (Part 2 §2.3.2).


def test_get_by_statement_id_returns_it_with_stored_and_authority_and_404_when_unknown(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    sent = statement()
    post(client, sent, basic_auth)
    response = client.get(URL, params={"statementId": sent["id"]}, headers=basic_auth)
    assert response.status_code == 200
    found = response.json()
    assert found["id"] == sent["id"]
    assert found["actor"] == sent["actor"]
    assert found["verb"] == sent["verb"]
    assert datetime.fromisoformat(found["stored"]).tzinfo is not None
    assert found["authority"]["account"]["name"] == LRS_USER
    assert response.headers["x-experience-api-version"] == "1.0.3"
    assert "x-experience-api-consistent-through" in response.headers
    unknown = client.get(URL, params={"statementId": str(uuid.uuid4())}, headers=basic_auth)
    assert unknown.status_code == 404
    bad = client.get(URL, params={"statementId": "nope"}, headers=basic_auth)
    assert bad.status_code == 400


def test_voided_statement_is_found_only_as_voided_and_leaves_the_statements_view(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    target, other = statement(actor="a"), statement(actor="b")
    post(client, [target, other], basic_auth)
    voiding = statement(verb=VOIDED, object={"objectType": "StatementRef", "id": target["id"]})
    assert post(client, voiding, basic_auth).status_code == 200

    by_id = client.get(URL, params={"statementId": target["id"]}, headers=basic_auth)
    assert by_id.status_code == 404
    as_voided = client.get(URL, params={"voidedStatementId": target["id"]}, headers=basic_auth)
    assert as_voided.status_code == 200
    assert as_voided.json()["id"] == target["id"]
    not_voided = client.get(URL, params={"voidedStatementId": other["id"]}, headers=basic_auth)
    assert not_voided.status_code == 404
    page = client.get(URL, headers=basic_auth).json()
    assert {s["id"] for s in page["statements"]} == {other["id"], voiding["id"]}

    assert count(store, "statements", target["id"]) == 0
    assert count(store, "xapi_events_all", target["id"]) == 1
    assert count(store, "statements", other["id"]) == 1
    voided_ids = store.query(
        "select voided_id from xapi_events_all where event_id = {id:UUID}",
        {"id": uuid.UUID(voiding["id"])},
    )
    assert voided_ids == [(uuid.UUID(target["id"]),)]


def _ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [s["id"] for s in response.json()["statements"]]


def test_get_filters_by_agent_verb_and_activity(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    a1 = statement(actor="a", verb=REGISTERED)
    a2 = statement(actor="a", verb=EXPERIENCED, course="course-v1:Org+C2+2026")
    b1 = statement(actor="b", verb=EXPERIENCED)
    post(client, [a1, a2, b1], basic_auth)
    agent = json.dumps({"objectType": "Agent", "account": {"homePage": "x", "name": "a"}})

    def ids(**params: str) -> set[str]:
        return set(_ids(client.get(URL, params=params, headers=basic_auth)))

    assert ids(agent=agent) == {a1["id"], a2["id"]}
    assert ids(verb=EXPERIENCED) == {a2["id"], b1["id"]}
    assert ids(activity="http://lms.example/course/course-v1:Org+C2+2026") == {a2["id"]}
    assert ids(agent=agent, verb=EXPERIENCED) == {a2["id"]}
    assert ids(verb="http://example.com/none") == set()
    bad = client.get(URL, params={"agent": "not json"}, headers=basic_auth)
    assert bad.status_code == 400


def test_get_since_and_until_cut_on_the_stored_time(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    first, second = statement(actor="a"), statement(actor="b")
    post(client, first, basic_auth)
    post(client, second, basic_auth)  # a later request: a later `stored`
    stored = client.get(URL, params={"statementId": first["id"]}, headers=basic_auth)
    cut = stored.json()["stored"]
    since = _ids(client.get(URL, params={"since": cut}, headers=basic_auth))
    until = _ids(client.get(URL, params={"until": cut}, headers=basic_auth))
    assert (since, until) == ([second["id"]], [first["id"]])


def test_limit_pages_follow_the_more_link_to_the_rest_with_no_overlap_and_no_gap(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    wanted = [statement(actor=f"l{n}", verb=EXPERIENCED) for n in range(5)]
    post(client, [*wanted, statement(actor="other")], basic_auth)  # one insert: equal `stored`
    pages: list[list[str]] = []
    response = client.get(URL, params={"verb": EXPERIENCED, "limit": "2"}, headers=basic_auth)
    while True:
        pages.append(_ids(response))
        more = response.json()["more"]
        if not more:
            break
        assert len(pages) < 5, pages
        response = client.get(more, headers=basic_auth)
    assert [len(page) for page in pages] == [2, 2, 1]
    seen = [statement_id for page in pages for statement_id in page]
    assert sorted(seen) == sorted(s["id"] for s in wanted)


def test_a_last_page_that_is_exactly_full_has_no_more_link(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    post(client, [statement(actor=f"l{n}", verb=EXPERIENCED) for n in range(4)], basic_auth)
    first = client.get(URL, params={"verb": EXPERIENCED, "limit": "2"}, headers=basic_auth)
    second = client.get(first.json()["more"], headers=basic_auth)
    assert len(_ids(second)) == 2
    assert second.json()["more"] == ""


def test_ascending_returns_oldest_stored_first_and_the_default_newest_first(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    sent = [statement(actor=f"l{n}") for n in range(3)]
    for item in sent:
        post(client, item, basic_auth)
    order = [s["id"] for s in sent]
    ascending = _ids(client.get(URL, params={"ascending": "true"}, headers=basic_auth))
    assert ascending == order
    assert _ids(client.get(URL, headers=basic_auth)) == order[::-1]
    paged = client.get(URL, params={"ascending": "true", "limit": "2"}, headers=basic_auth)
    assert _ids(paged) == order[:2]
    assert _ids(client.get(paged.json()["more"], headers=basic_auth)) == order[2:]


@pytest.mark.parametrize(
    "params",
    [{"limit": "abc"}, {"limit": "-1"}, {"since": "yesterday"}, {"cursor": "x,y"}],
    ids=["limit not a number", "negative limit", "bad since", "bad cursor"],
)
def test_get_with_a_bad_parameter_is_400_not_5xx(
    client: TestClient, basic_auth: dict[str, str], params: dict[str, str]
) -> None:
    assert client.get(URL, params=params, headers=basic_auth).status_code == 400
