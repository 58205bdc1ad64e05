"""The roster of one instant is computed once per state of the data it reads (groups/roster.py).

A group page sends one ``as_of`` in all its requests; the second request must not recompute,
and any new statement, voiding or LMS row must be seen at once (nothing served stale).
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from aspects.groups.roster import RosterCache, load_roster
from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import COURSE, enroll, load_people, statement, ts

AS_OF = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
ANA = "6a0d8f5e-0000-4000-8000-00000000000a"
BEN = "6a0d8f5e-0000-4000-8000-00000000000b"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def ids(store: Store, cache: RosterCache) -> list[str]:
    return sorted(r.anonymous_id for r in load_roster(store, COURSE, AS_OF, True, cache=cache))


def test_the_same_instant_and_data_reuse_one_computation(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    post_statements(client, basic_auth, [enroll(ANA, ts("2026-03-01"), "audit")])
    cache = RosterCache()
    first = load_roster(store, COURSE, AS_OF, pii=True, cache=cache)
    again = load_roster(store, COURSE, AS_OF, pii=True, cache=cache)
    assert [r.anonymous_id for r in again] == [ANA]
    assert again[0] is first[0]  # the same Learner: not computed twice
    again.clear()  # a caller's list is its own
    assert [r.anonymous_id for r in load_roster(store, COURSE, AS_OF, True, cache=cache)] == [ANA]
    # Another instant is another roster.
    earlier = load_roster(store, COURSE, datetime(2026, 2, 1, tzinfo=UTC), True, cache=cache)
    assert earlier == []
    # Without a cache every call computes anew.
    assert load_roster(store, COURSE, AS_OF, pii=True)[0] is not first[0]


def test_a_late_statement_before_the_instant_is_seen_at_once(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    cache = RosterCache()
    post_statements(client, basic_auth, [enroll(ANA, ts("2026-03-01"), "audit")])
    assert ids(store, cache) == [ANA]
    # Ben's enrollment arrives late, stamped before AS_OF: same instant, new data.
    post_statements(client, basic_auth, [enroll(BEN, ts("2026-03-02"), "verified")])
    assert ids(store, cache) == [ANA, BEN]


def test_a_voiding_and_new_profiles_are_seen_at_once(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    cache = RosterCache()
    ben = enroll(BEN, ts("2026-03-02"), "verified")
    post_statements(client, basic_auth, [enroll(ANA, ts("2026-03-01"), "audit"), ben])
    assert ids(store, cache) == [ANA, BEN]
    assert load_roster(store, COURSE, AS_OF, pii=True, cache=cache)[0].username == ""
    load_people(store, [(ANA, 7, "ana", "Ana Alves", "ana@example.org")])
    assert load_roster(store, COURSE, AS_OF, pii=True, cache=cache)[0].username == "ana"
    # Voiding Ben's only enrollment: a statement with no course; he is no longer enrolled.
    voiding = statement(
        verb=VOIDED,
        actor="admin",
        object={"objectType": "StatementRef", "id": ben["id"]},
    )
    post_statements(client, basic_auth, [voiding])
    assert ids(store, cache) == [ANA]
