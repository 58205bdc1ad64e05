"""The roster as of an instant, from the learner facts, sees every change at once.

A learner's roster row (learner_roster) is exact as of any instant at or after their latest
statement; as of an earlier one they are recomputed from their statements. Any new statement,
voiding or LMS row is seen at once (nothing served stale).
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from aspects.groups.roster import load_roster
from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import (
    COURSE,
    course_grade,
    enroll,
    get_report,
    load_people,
    statement,
    subsection_grade,
    ts,
)

AS_OF = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
ANA = "6a0d8f5e-0000-4000-8000-00000000000a"
BEN = "6a0d8f5e-0000-4000-8000-00000000000b"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def ids(store: Store, as_of: datetime = AS_OF) -> list[str]:
    return sorted(r.anonymous_id for r in load_roster(store, COURSE, as_of, True))


def test_as_of_an_instant_before_a_learners_latest_statement_they_are_recomputed(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    post_statements(
        client,
        basic_auth,
        [
            enroll(ANA, ts("2026-03-01"), "audit"),
            enroll(ANA, ts("2026-03-20"), "verified"),  # after AS_OF: left out as of it
            enroll(BEN, ts("2026-03-25"), "honor"),  # enrolled only after AS_OF
        ],
    )
    [ana] = load_roster(store, COURSE, AS_OF, pii=True)
    assert (ana.anonymous_id, ana.track, ana.enrolled_at) == (
        ANA,
        "audit",
        datetime(2026, 3, 1, 10, tzinfo=UTC),
    )
    later = datetime(2026, 4, 1, tzinfo=UTC)  # every statement before it: the facts as kept
    assert [(r.anonymous_id, r.track) for r in load_roster(store, COURSE, later, True)] == [
        (ANA, "verified"),
        (BEN, "honor"),
    ]
    assert ids(store, datetime(2026, 2, 1, tzinfo=UTC)) == []


def test_a_late_statement_before_the_instant_is_seen_at_once(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    post_statements(client, basic_auth, [enroll(ANA, ts("2026-03-01"), "audit")])
    assert ids(store) == [ANA]
    # Ben's enrollment arrives late, stamped before AS_OF: same instant, new data.
    post_statements(client, basic_auth, [enroll(BEN, ts("2026-03-02"), "verified")])
    assert ids(store) == [ANA, BEN]


def test_a_voiding_and_new_profiles_are_seen_at_once(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    ben = enroll(BEN, ts("2026-03-02"), "verified")
    post_statements(client, basic_auth, [enroll(ANA, ts("2026-03-01"), "audit"), ben])
    assert ids(store) == [ANA, BEN]
    assert load_roster(store, COURSE, AS_OF, pii=True)[0].username == ""
    load_people(store, [(ANA, 7, "ana", "Ana Alves", "ana@example.org")])
    assert load_roster(store, COURSE, AS_OF, pii=True)[0].username == "ana"
    # Voiding Ben's only enrollment: a statement with no course; he is no longer enrolled.
    voiding = statement(
        verb=VOIDED,
        actor="admin",
        object={"objectType": "StatementRef", "id": ben["id"]},
    )
    post_statements(client, basic_auth, [voiding])
    assert ids(store) == [ANA]


def test_a_subsection_grade_is_not_the_course_grade(
    client: TestClient, pii_client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    # ERB sends `earned` for each subsection's grade too, on the subsection: the course grade
    # is the latest `earned` on the course (METRICS.md "Performance (grades)"), here 0.4.
    post_statements(
        client,
        basic_auth,
        [
            enroll("ann", ts("2026-03-01")),
            course_grade("ann", ts("2026-03-02"), 0.4),
            subsection_grade("ann", ts("2026-03-03"), 1.0),
        ],
    )
    (ann,) = load_roster(store, COURSE, AS_OF, True)
    assert ann.grade == 0.4
    summary = get_report(pii_client, "grades-summary")["rows"][0]
    assert summary["mean_grade_pct"] == 40.0  # the grade reports agree
