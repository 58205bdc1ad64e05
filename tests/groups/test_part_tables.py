"""The tables behind the group and learner pages' charts: JSON and CSV, equal to their sources."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from aspects.store import Store
from tests.factories import COURSE
from tests.groups.test_group_api import _course
from tests.groups.test_learner import LIN, lin  # noqa: F401 - the fixture

GROUPS = f"/api/v1/courses/{COURSE}/groups"
LEARNERS = f"/api/v1/courses/{COURSE}/learners"
AS_OF = {"as_of": "2026-03-15T12:00:00Z", "tz": "America/New_York", "grain": "week"}


def _csv(caller: TestClient, path: str, **params: str) -> list[dict[str, str]]:
    response = caller.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_each_summary_table_is_the_summary_as_json_and_csv(
    client: TestClient, basic_auth: dict[str, str], store: Store, plain_client: TestClient
) -> None:
    _course(client, basic_auth, store)
    summary = plain_client.get(f"{GROUPS}/at-risk/summary", params=AS_OF).json()
    tracks = plain_client.get(f"{GROUPS}/at-risk/summary/tracks", params=AS_OF).json()
    assert tracks["columns"] == ["track", "learners", "pct"]
    assert tracks["rows"] == summary["tracks"]
    assert _csv(plain_client, f"{GROUPS}/at-risk/summary/tracks.csv", **AS_OF) == [
        {"track": "audit", "learners": "2", "pct": "66.7"},
        {"track": "verified", "learners": "1", "pct": "33.3"},
    ]
    visits = _csv(plain_client, f"{GROUPS}/at-risk/summary/last_visit.csv", **AS_OF)
    assert visits == [
        {"bucket": "2026-03-02", "learners": "3"},
        {"bucket": "never visited", "learners": "0"},
    ]
    grades = _csv(plain_client, f"{GROUPS}/at-risk/summary/grades.csv", **AS_OF)
    assert [(g["bucket"], int(g["learners"])) for g in grades] == [
        (g["bucket"], g["learners"]) for g in summary["grades"]
    ]
    enrolled = plain_client.get(f"{GROUPS}/at-risk/summary/first_enrolled_at", params=AS_OF)
    assert enrolled.json()["rows"] == summary["first_enrolled_at"]


def test_an_unknown_table_or_group_is_a_404(plain_client: TestClient) -> None:
    assert plain_client.get(f"{GROUPS}/at-risk/summary/emails.csv").status_code == 404
    assert plain_client.get(f"{GROUPS}/nope/summary/tracks.csv").status_code == 404
    assert plain_client.get(f"{LEARNERS}/{LIN}/profile.csv").status_code == 404
    assert plain_client.get(f"{LEARNERS}/nobody/problems").status_code == 404


def test_the_learner_tables_flatten_the_learner_page(lin: None, pii_client: TestClient) -> None:  # noqa: F811
    params = {"as_of": "2026-03-10T00:00:00Z"}
    page = pii_client.get(f"{LEARNERS}/{LIN}", params=params).json()
    sections = _csv(pii_client, f"{LEARNERS}/{LIN}/sections.csv", **params)
    assert [(s["level"], s["section"], s["subsection"], s["name"]) for s in sections] == [
        ("section", "1", "", "Week 1"),
        ("subsection", "1", "1", "Lesson 1"),
        ("section", "2", "", "Week 2"),
        ("subsection", "2", "1", "Lesson 2"),
    ]
    assert (sections[0]["pages_done"], sections[0]["pages_total"]) == ("2", "3")
    assert (sections[2]["videos_done"], sections[2]["videos_total"]) == ("", "")  # "—"
    videos = _csv(pii_client, f"{LEARNERS}/{LIN}/videos.csv", **params)
    assert [(v["watched_seconds"], v["watched_pct"], v["segments"]) for v in videos] == [
        ("15", "75.0", "0-12.5; 10-15")
    ]
    problems = pii_client.get(f"{LEARNERS}/{LIN}/problems", params=params).json()
    assert problems["rows"] == page["problems"]
    timeline = pii_client.get(f"{LEARNERS}/lin/timeline", params=params).json()  # by username
    assert timeline["rows"] == page["timeline"] and timeline["anonymous_id"] == LIN
    for row in sections + videos:
        assert "lin@example.org" not in row.values() and "Lin Learner" not in row.values()
