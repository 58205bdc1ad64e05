"""Enrollment reports on a hand-made course, numbers worked out from METRICS.md "Enrollment"."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import post_statements
from tests.factories import enroll, rows, table, ts, unenroll, with_id

OVER_TIME = ("bucket_start", "track", "new", "re_enrolled", "unenrolled", "net", "current_at_end")
CHANGE = (
    "track",
    "current_at_from",
    "current_at_to",
    "change",
    "new",
    "re_enrolled",
    "unenrolled",
    "track_changes_in",
    "track_changes_out",
)


def _course() -> list[list[dict[str, Any]]]:
    """The course as requests, in the order sent (2026-01-05 is a Monday).

    alice: audit 01-05, mode change to verified 01-10          → current, verified
    bob:   audit 01-05, unenrolled 01-07, re-enrolled honor 01-12 → current, honor
    carol: verified 01-06, unenrolled 01-08                    → not current
    dave:  audit 01-09                                          → current, audit
    erin:  unenrolled 01-09 only, never registered              → not counted at all
    frank: registered + unregistered at the same instant 01-11, one request (same `stored`):
           the unregistered has the higher id, so it is latest → not current
    gina:  the same tie the other way: registered has the higher id → current, audit
    """
    return [
        [enroll("alice", ts("2026-01-05")), enroll("bob", ts("2026-01-05", "11:00:00"))],
        [enroll("carol", ts("2026-01-06", "08:00:00"), "verified")],
        [unenroll("bob", ts("2026-01-07", "09:00:00"))],
        [unenroll("carol", ts("2026-01-08", "08:00:00"), "verified")],
        [enroll("dave", ts("2026-01-09", "12:00:00")), unenroll("erin", ts("2026-01-09"))],
        [enroll("alice", ts("2026-01-10"), "verified")],
        [
            with_id(enroll("frank", ts("2026-01-11")), "0"),
            with_id(unenroll("frank", ts("2026-01-11")), "f"),
            with_id(unenroll("gina", ts("2026-01-11")), "0"),
            with_id(enroll("gina", ts("2026-01-11")), "f"),
        ],
        [enroll("bob", ts("2026-01-12", "09:00:00"), "honor")],
    ]


def _send(client: TestClient, auth: dict[str, str]) -> None:
    for request in _course():
        post_statements(client, auth, request)


def test_enrollment_summary_counts_ever_enrolled_and_latest_state_with_tie_breaks(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _send(client, basic_auth)
    # total: alice bob carol dave frank gina = 6 (erin never registered);
    # current: alice bob dave gina = 4 (carol unenrolled, frank's tie ends unregistered);
    # 4 / 6 = 66.666… % → 66.7.
    assert rows(client, "enrollment-summary") == [
        {"total_enrollees": 6, "current_enrollees": 4, "current_pct": 66.7}
    ]


def test_enrollment_summary_as_of_counts_only_statements_emitted_by_then(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _send(client, basic_auth)
    # Up to 2026-01-08T00:00Z: alice (audit), bob (registered, then unenrolled 01-07), carol
    # (registered 01-06; her unenrolment is 08:00 that day) → total 3, current alice+carol = 2.
    assert rows(client, "enrollment-summary", as_of="2026-01-08T00:00:00Z") == [
        {"total_enrollees": 3, "current_enrollees": 2, "current_pct": 66.7}
    ]


def test_enrollment_by_track_uses_the_latest_registration_mode_of_current_enrollees(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _send(client, basic_auth)
    # Current: alice verified (mode change), bob honor (re-enrolled in honor), dave audit,
    # gina audit → audit 2/4 = 50 %, honor 1/4 = 25 %, verified 1/4 = 25 %.
    assert table(client, "enrollment-by-track", ("track", "current_enrollees", "pct")) == [
        ("audit", 2, 50.0),
        ("honor", 1, 25.0),
        ("verified", 1, 25.0),
    ]


def test_enrollment_over_time_by_day_replays_enrolments_unenrolments_and_mode_changes(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _send(client, basic_auth)
    got = table(
        client, "enrollment-over-time", OVER_TIME, **{"from": "2026-01-05", "to": "2026-01-13"}
    )
    by_track = {
        track: [r for r in got if r[1] == track] for track in ("all", "audit", "honor", "verified")
    }
    assert len(got) == 8 * 4  # 8 days × (all, audit, honor, verified), empty cells included
    # all: 05 alice+bob new; 06 carol new; 07 bob out; 08 carol out; 09 dave new (erin's
    # unenrolment changes nothing); 10 alice changes track (not a change of `all`); 11 frank
    # new then out, gina new (her unregistered came first, while not enrolled); 12 bob back.
    assert [r[2:] for r in by_track["all"]] == [
        (2, 0, 0, 2, 2),
        (1, 0, 0, 1, 3),
        (0, 0, 1, -1, 2),
        (0, 0, 1, -1, 1),
        (1, 0, 0, 1, 2),
        (0, 0, 0, 0, 2),
        (2, 0, 1, 1, 3),
        (0, 1, 0, 1, 4),
    ]
    # audit: 05 +2; 07 bob −1; 09 dave +1; 10 alice moves out −1 (net, not an unenrolment);
    # 11 frank +1 −1, gina +1.
    assert [r[2:] for r in by_track["audit"]] == [
        (2, 0, 0, 2, 2),
        (0, 0, 0, 0, 2),
        (0, 0, 1, -1, 1),
        (0, 0, 0, 0, 1),
        (1, 0, 0, 1, 2),
        (0, 0, 0, -1, 1),
        (2, 0, 1, 1, 2),
        (0, 0, 0, 0, 2),
    ]
    # verified: 06 carol +1; 08 carol −1; 10 alice moves in +1.
    assert [r[5:] for r in by_track["verified"]] == [
        (0, 0),
        (1, 1),
        (0, 1),
        (-1, 0),
        (0, 0),
        (1, 1),
        (0, 1),
        (0, 1),
    ]
    # honor: only bob's re-enrolment on 01-12.
    assert [r[2:] for r in by_track["honor"]][-1] == (0, 1, 0, 1, 1)
    assert [r[0] for r in by_track["all"]] == [f"2026-01-{d:02d}" for d in range(5, 13)]


def test_enrollment_over_time_by_week_starts_weeks_on_monday(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _send(client, basic_auth)
    got = table(
        client,
        "enrollment-over-time",
        OVER_TIME,
        grain="week",
        **{"from": "2026-01-05", "to": "2026-01-19"},
    )
    # Week of 01-05 (Mon): new alice bob carol dave frank gina = 6; out bob carol frank = 3;
    # current 3 (alice, dave, gina). Week of 01-12: bob re-enrolled → 4.
    # audit week 1: new alice bob dave frank gina = 5, out bob frank = 2, alice moved out →
    # net 5 − 2 − 1 = 2. verified: carol in and out, alice moved in → net 1.
    assert got == [
        ("2026-01-05", "all", 6, 0, 3, 3, 3),
        ("2026-01-05", "audit", 5, 0, 2, 2, 2),
        ("2026-01-05", "honor", 0, 0, 0, 0, 0),
        ("2026-01-05", "verified", 1, 0, 1, 1, 1),
        ("2026-01-12", "all", 0, 1, 0, 1, 4),
        ("2026-01-12", "audit", 0, 0, 0, 0, 2),
        ("2026-01-12", "honor", 0, 1, 0, 1, 1),
        ("2026-01-12", "verified", 0, 0, 0, 0, 1),
    ]


def test_enrollment_over_time_starts_from_the_running_total_before_the_period(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _send(client, basic_auth)
    got = table(
        client,
        "enrollment-over-time",
        OVER_TIME,
        grain="month",
        **{"from": "2026-01-09", "to": "2026-01-12"},
    )
    # Before 01-09: alice, bob (out 07), carol (out 08) → audit 1 (alice), verified 0.
    # In [09, 12): new dave frank gina (audit) = 3, out frank = 1, alice audit → verified:
    # all 1 + 3 − 1 = 3; audit 1 + 3 − 1 − 1 = 2; verified 0 + 1 = 1.
    # The month bucket is labelled by its first day; only [from, to) is counted.
    assert got == [
        ("2026-01-01", "all", 3, 0, 1, 2, 3),
        ("2026-01-01", "audit", 3, 0, 1, 1, 2),
        ("2026-01-01", "verified", 0, 0, 0, 1, 1),
    ]


def test_enrollment_change_over_a_period_per_track(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _send(client, basic_auth)
    got = table(client, "enrollment-change", CHANGE, **{"from": "2026-01-07", "to": "2026-01-11"})
    # At 01-07 00:00: alice audit, bob audit, carol verified → audit 2, verified 1, all 3.
    # At 01-11 00:00: alice verified, dave audit → audit 1, verified 1, all 2.
    # Inside: new dave (audit); unenrolled bob (audit), carol (verified); alice audit→verified.
    # honor starts 01-12, after the period: no row.
    assert got == [
        ("all", 3, 2, -1, 1, 0, 2, 1, 1),
        ("audit", 2, 1, -1, 1, 0, 1, 0, 1),
        ("verified", 1, 1, 0, 0, 0, 1, 1, 0),
    ]


def test_a_later_stored_statement_wins_a_timestamp_tie_whatever_its_id(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    # Same timestamp, two requests: the registered is stored later, so it is latest although
    # its id sorts first (METRICS.md: ties by stored, then by statement id).
    post_statements(client, basic_auth, [with_id(unenroll("henry", ts("2026-01-05")), "f")])
    post_statements(client, basic_auth, [with_id(enroll("henry", ts("2026-01-05")), "0")])
    assert rows(client, "enrollment-summary") == [
        {"total_enrollees": 1, "current_enrollees": 1, "current_pct": 100.0}
    ]


def test_period_boundaries_are_local_midnights_in_the_viewer_zone(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    # 2026-03-01T03:00Z is 2026-02-28 22:00 in New York (EST, UTC−5).
    post_statements(client, basic_auth, [enroll("ny", "2026-03-01T03:00:00+00:00")])
    months = {"grain": "month", "from": "2026-02-01", "to": "2026-04-01"}
    new_york = table(client, "enrollment-over-time", OVER_TIME, tz="America/New_York", **months)
    utc = table(client, "enrollment-over-time", OVER_TIME, **months)
    assert [r for r in new_york if r[1] == "all"] == [
        ("2026-02-01", "all", 1, 0, 0, 1, 1),
        ("2026-03-01", "all", 0, 0, 0, 0, 1),
    ]
    assert [r for r in utc if r[1] == "all"] == [
        ("2026-02-01", "all", 0, 0, 0, 0, 0),
        ("2026-03-01", "all", 1, 0, 0, 1, 1),
    ]
    period = {"from": "2026-03-01", "to": "2026-03-08"}
    # In New York the learner was already enrolled at the period's start; in UTC they are new.
    assert table(client, "enrollment-change", CHANGE, tz="America/New_York", **period)[0] == (
        "all",
        1,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
    )
    assert table(client, "enrollment-change", CHANGE, **period)[0] == (
        "all",
        0,
        1,
        1,
        1,
        0,
        0,
        0,
        0,
    )


def test_enrollment_change_defaults_to_the_course_run(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _send(client, basic_auth)
    from tests.factories import get_report

    answer = get_report(client, "enrollment-change", as_of="2026-01-10T23:00:00Z")
    # No `from`: the course run, from before the first enrollment; to = the day after as_of.
    assert answer["params"] == {
        "from": None,
        "to": "2026-01-11",
        "tz": "UTC",
        "as_of": "2026-01-10T23:00:00Z",
    }
    # Up to 01-10 23:00: new alice bob carol dave = 4, out bob carol = 2, alice's move.
    assert answer["rows"][0] == {
        "track": "all",
        "current_at_from": 0,
        "current_at_to": 2,
        "change": 2,
        "new": 4,
        "re_enrolled": 0,
        "unenrolled": 2,
        "track_changes_in": 1,
        "track_changes_out": 1,
    }
    # Up to 01-12 23:00: also frank (in and out 01-11), gina (in 01-11), bob back in honor
    # 01-12: new 6, re-enrolled 1 (bob), out 3 (bob, carol, frank), one move; enrolled at
    # the end alice, bob, dave, gina: 0 + 6 + 1 − 3 + 1 − 1 = 4.
    later = table(client, "enrollment-change", CHANGE, as_of="2026-01-12T23:00:00Z")
    assert later[0] == ("all", 0, 4, 4, 6, 1, 3, 1, 1)
    assert ("honor", 0, 1, 1, 0, 1, 0, 0, 0) in later
