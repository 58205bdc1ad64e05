"""The group routes: sizes, the learner table in JSON and CSV, PII, contact, summary, reports."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi.testclient import TestClient

from aspects.settings import Settings
from aspects.store import Store
from tests.auth.helpers import add_user, sign_in
from tests.conftest import post_statements
from tests.factories import COURSE, course_grade, enroll, evaluated, key, load_people, structure, ts
from tests.groups.test_at_risk import BLOCKS

BASE = f"/api/v1/courses/{COURSE}/groups"
AS_OF = {"as_of": "2026-03-15T12:00:00Z"}
# Anonymous ids are UUIDs (the LMS's external ids), so the identities can be joined.
ADA = "00000000-0000-4000-8000-00000000000a"
BOB = "00000000-0000-4000-8000-00000000000b"
EVE = "00000000-0000-4000-8000-00000000000e"
NEW = "00000000-0000-4000-8000-0000000000ff"
PROBLEM = key("problem", "p1")


def _course(client: TestClient, auth: dict[str, str], store: Store) -> None:
    """Three learners at risk on 2026-03-15 (last visits 03-05, 03-02, 03-06), one active.

    ADA  verified, enrolled 03-01, submitted 03-05, grade 0.42        → at risk
    BOB  audit, enrolled 02-27, submitted 03-02, no grade, no PII     → at risk
    EVE  audit, enrolled 03-01, submitted 03-06, grade 0.95 no pass   → at risk; hostile name
    NEW  audit, enrolled 03-01, submitted 03-14                       → not (recent)
    """
    structure(store, BLOCKS)
    load_people(
        store,
        [
            (ADA, 1, "ada", "Ada Lovelace", "ada@example.org"),
            (EVE, 3, "-eve", '=HYPERLINK("http://evil")', "@eve@example.org"),
            (NEW, 4, "newbie", "New Learner", "new@example.org"),
        ],
    )
    post_statements(
        client,
        auth,
        [
            enroll(ADA, ts("2026-03-01"), "verified"),
            enroll(BOB, ts("2026-02-27")),
            enroll(EVE, ts("2026-03-01")),
            enroll(NEW, ts("2026-03-01")),
            evaluated(ADA, ts("2026-03-05"), PROBLEM, False, 0.0),
            evaluated(BOB, ts("2026-03-02"), PROBLEM, True, 1.0),
            evaluated(EVE, ts("2026-03-06"), PROBLEM, True, 1.0),
            evaluated(NEW, ts("2026-03-14"), PROBLEM, True, 1.0),
            course_grade(ADA, ts("2026-03-05", "11:00:00"), 0.42),
            course_grade(EVE, ts("2026-03-06", "11:00:00"), 0.95),
        ],
    )


def _get(caller: TestClient, path: str, **params: str) -> Any:
    response = caller.get(BASE + path, params={**AS_OF, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_the_group_list_has_the_at_risk_group_with_its_size(
    client: TestClient, basic_auth: dict[str, str], store: Store, plain_client: TestClient
) -> None:
    _course(client, basic_auth, store)
    body = _get(plain_client, "")
    assert [(g["id"], g["kind"], g["size"]) for g in body["groups"]] == [("at-risk", "built-in", 3)]
    assert body["params"] == {"as_of": "2026-03-15T12:00:00Z", "inactive_days": 7, "tz": "UTC"}
    # Days since the last visit: BOB 13 d 2 h, ADA 10 d 2 h, EVE 9 d 2 h.
    assert _get(plain_client, "", inactive_days="10")["groups"][0]["size"] == 2
    assert _get(plain_client, "", inactive_days="11")["groups"][0]["size"] == 1


def test_the_learner_table_shows_pii_to_a_viewer_allowed_to_see_it(
    client: TestClient, basic_auth: dict[str, str], store: Store, pii_client: TestClient
) -> None:
    _course(client, basic_auth, store)
    body = _get(pii_client, "/at-risk/learners")
    assert body["total"] == 3 and body["pii"] is True
    assert body["columns"] == [
        "anonymous_id", "user_id", "username", "name", "email", "track",
        "first_enrolled_at", "enrolled_at", "last_visit", "grade", "passed",
    ]  # fmt: skip
    assert body["rows"][0] == {
        "anonymous_id": ADA,
        "user_id": 1,
        "username": "ada",
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "track": "verified",
        "first_enrolled_at": "2026-03-01T10:00:00Z",
        "enrolled_at": "2026-03-01T10:00:00Z",
        "last_visit": "2026-03-05T10:00:00Z",
        "grade": 0.42,
        "passed": False,
    }
    bob = body["rows"][1]  # no identity loaded: empty, not an error
    assert (bob["anonymous_id"], bob["user_id"], bob["username"], bob["name"], bob["email"]) == (
        BOB, None, "", "", "",
    )  # fmt: skip


def test_pii_is_hidden_from_a_viewer_without_pii_permission(
    client: TestClient, basic_auth: dict[str, str], store: Store, plain_client: TestClient
) -> None:
    _course(client, basic_auth, store)
    body = _get(plain_client, "/at-risk/learners")
    assert body["pii"] is False
    for row in body["rows"]:
        assert (row["user_id"], row["username"], row["name"], row["email"]) == (None, "", "", "")
    text = plain_client.get(BASE + "/at-risk/learners.csv", params=AS_OF).text
    assert "ada" not in text.lower() and "example.org" not in text
    contact = _get(plain_client, "/at-risk/contact")
    assert contact["emails"] == [] and contact["mailto"] is None and contact["pii"] is False
    found = plain_client.get(f"/api/v1/courses/{COURSE}/learners", params={"q": "ada"}).json()
    assert found["rows"] == []


def test_the_learner_table_sorts_and_pages(
    client: TestClient, basic_auth: dict[str, str], store: Store, pii_client: TestClient
) -> None:
    _course(client, basic_auth, store)
    by_visit = _get(pii_client, "/at-risk/learners", sort="-last_visit", page_size="2")
    assert [r["anonymous_id"] for r in by_visit["rows"]] == [EVE, ADA]
    page2 = _get(pii_client, "/at-risk/learners", sort="-last_visit", page_size="2", page="2")
    assert [r["anonymous_id"] for r in page2["rows"]] == [BOB]
    by_grade = _get(pii_client, "/at-risk/learners", sort="grade")  # no grade last
    assert [r["anonymous_id"] for r in by_grade["rows"]] == [ADA, EVE, BOB]
    bad = pii_client.get(BASE + "/at-risk/learners", params={"sort": "password"})
    assert bad.status_code == 400 and "sort" in bad.json()["error"]


def test_sorting_keeps_empty_values_last_and_never_orders_by_hidden_pii(
    client: TestClient,
    basic_auth: dict[str, str],
    store: Store,
    pii_client: TestClient,
    plain_client: TestClient,
) -> None:
    _course(client, basic_auth, store)
    # Grade descending: EVE 0.95, ADA 0.42, then BOB (no grade) last, not first.
    by_grade = _get(pii_client, "/at-risk/learners", sort="-grade")
    assert [r["anonymous_id"] for r in by_grade["rows"]] == [EVE, ADA, BOB]
    # Username both ways ("-eve" < "ada" by code point), BOB (no identity: '') last each time.
    up = _get(pii_client, "/at-risk/learners", sort="username")
    down = _get(pii_client, "/at-risk/learners", sort="-username")
    assert [r["anonymous_id"] for r in up["rows"]] == [EVE, ADA, BOB]
    assert [r["anonymous_id"] for r in down["rows"]] == [ADA, EVE, BOB]
    # Without PII permission the names are blank: sorting by one is by anonymous id, in
    # either direction, so the order says nothing about the hidden names.
    for sort in ("name", "-name", "email", "-username"):
        hidden = _get(plain_client, "/at-risk/learners", sort=sort)
        assert [r["anonymous_id"] for r in hidden["rows"]] == [ADA, BOB, EVE], sort


def test_the_csv_has_every_row_neutralised_and_the_export_is_audited(
    client: TestClient,
    basic_auth: dict[str, str],
    store: Store,
    pii_client: TestClient,
    settings: Settings,
) -> None:
    _course(client, basic_auth, store)
    response = pii_client.get(BASE + "/at-risk/learners.csv", params={**AS_OF, "page_size": "1"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["anonymous_id"] for r in rows] == [ADA, BOB, EVE]  # every row, not a page
    eve = rows[2]
    assert eve["username"] == "'-eve"
    assert eve["name"] == '\'=HYPERLINK("http://evil")'
    assert eve["email"] == "'@eve@example.org"
    assert (eve["grade"], eve["passed"]) == ("0.95", "false")
    assert settings.auth.audit_file is not None
    audit = [json.loads(line) for line in settings.auth.audit_file.read_text().splitlines()]
    assert [(a["event"], a["course_key"], a["group"], a["rows"]) for a in audit] == [
        ("pii_export", COURSE, "at-risk", 3)
    ]


def test_a_csv_without_pii_is_not_audited(
    client: TestClient,
    basic_auth: dict[str, str],
    store: Store,
    plain_client: TestClient,
    settings: Settings,
) -> None:
    _course(client, basic_auth, store)
    assert plain_client.get(BASE + "/at-risk/learners.csv", params=AS_OF).status_code == 200
    assert settings.auth.audit_file is not None and not settings.auth.audit_file.exists()


def test_contact_gives_the_emails_in_bcc(
    client: TestClient, basic_auth: dict[str, str], store: Store, pii_client: TestClient
) -> None:
    _course(client, basic_auth, store)
    body = _get(pii_client, "/at-risk/contact")
    assert body["emails"] == ["@eve@example.org", "ada@example.org"]
    assert body["mailto"] == "mailto:?bcc=@eve@example.org,ada@example.org"
    assert (body["learners"], body["without_email"]) == (3, 1)


def test_the_summary_counts_tracks_dates_and_grades(
    client: TestClient, basic_auth: dict[str, str], store: Store, plain_client: TestClient
) -> None:
    _course(client, basic_auth, store)
    body = _get(plain_client, "/at-risk/summary", grain="week", tz="America/New_York")
    assert body["learners"] == 3
    assert body["tracks"] == [
        {"track": "audit", "learners": 2, "pct": 66.7},
        {"track": "verified", "learners": 1, "pct": 33.3},
    ]
    # Weeks start on Monday: 02-27 (Fri) → 02-23; 03-01 (Sun) → 02-23; 03-02..06 → 03-02.
    assert body["first_enrolled_at"] == [{"bucket": "2026-02-23", "learners": 3}]
    assert body["last_visit"] == [{"bucket": "2026-03-02", "learners": 3}]
    assert body["never_visited"] == 0
    grades = {g["bucket"]: g["learners"] for g in body["grades"]}
    assert grades["40-49%"] == 1 and grades["90-100%"] == 1 and grades["no grade yet"] == 1
    assert sum(grades.values()) == 3 and len(grades) == 11


def test_an_unknown_group_is_a_404(plain_client: TestClient) -> None:
    for path in ("/nope/learners", "/nope/learners.csv", "/nope/summary", "/nope/contact"):
        assert plain_client.get(BASE + path).status_code == 404, path


def test_a_local_account_made_with_no_pii_sees_anonymous_ids_only(
    client: TestClient, basic_auth: dict[str, str], store: Store, settings: Settings
) -> None:
    # `aspects user add --no-pii` (the command, as an operator runs it).
    from typer.testing import CliRunner

    from aspects.auth.files import users_path
    from aspects.cli import app

    env = {"ASPECTS_AUTH__USERS_FILE": str(users_path(settings))}
    made = CliRunner(env=env).invoke(
        app,
        ["user", "add", "--username", "aide", "--password", "a-long-password", "--course",
         COURSE, "--no-pii", "--data-dir", str(settings.data_dir)],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    listed = CliRunner(env=env).invoke(app, ["user", "list", "--data-dir", str(settings.data_dir)])
    assert "aide\t" in listed.output and "\tno-pii\t" in listed.output
    _course(client, basic_auth, store)
    aide = TestClient(client.app)
    assert sign_in(aide, "aide", "a-long-password") == 303
    body = _get(aide, "/at-risk/learners")
    assert body["pii"] is False and body["rows"]
    for row in body["rows"]:
        assert (row["user_id"], row["username"], row["name"], row["email"]) == (None, "", "", "")
    exported = aide.get(BASE + "/at-risk/learners.csv", params=AS_OF).text
    learner_page = aide.get(f"/courses/{COURSE}/learners/{ADA}/").text
    for text in (exported, learner_page):
        assert "Lovelace" not in text and "example.org" not in text
    assert ADA in exported
    assert "anonymous id only" in aide.get("/account").text
    # The same account with PII (the default) sees the names.
    add_user(settings, "staff", COURSE)
    staff = TestClient(client.app)
    assert sign_in(staff, "staff") == 303
    assert "Ada Lovelace" in staff.get(BASE + "/at-risk/learners.csv", params=AS_OF).text
