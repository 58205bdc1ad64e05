"""The whole ERB corpus goes in over HTTP with the xAPI status codes."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from aspects.store import Store
from tests.conftest import corpus_files, corpus_statements


def test_every_erb_fixture_file_is_accepted_by_post_into_an_empty_store(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    # Fixtures reuse ids across files (variants of one source event), so each file goes into
    # an empty store: every one of the 77 files must be accepted as ERB sends it.
    for path in corpus_files():
        store.execute("truncate table xapi_events_all")
        sent = corpus_statements(path.name)
        response = client.post("/xAPI/statements", content=path.read_bytes(), headers=basic_auth)
        assert response.status_code == 200, (path.name, response.text)
        assert response.json() == [s["id"] for s in sent]
        assert store.query("select count() from xapi_events_all")[0][0] == len(sent)


def test_corpus_posted_file_by_file_conflicts_exactly_where_ids_repeat_with_other_bodies(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    # Read off the corpus by hand: 90 statements, 65 distinct ids. These files (in name
    # order) reuse an id already stored by an earlier file with a different body: 409.
    # edx.course.grade.passed.first_time.json repeats now_passed.json byte for byte in
    # meaning: 200, nothing new stored.
    conflicting = {
        "edx.course.enrollment.activated.json",
        "edx.course.enrollment.activated.required.only.data.json",
        "edx.course.enrollment.mode_changed.json",
        "edx.grades.course.grade_calculated_no_letter_grade.json",
        "edx.grades.problem.submitted.weighted_possible_0.json",
        "edx.grades.subsection.grade_calculated.weighted_possible_0.json",
        "edx.special_exam.proctored.attempt.created.json",
        "edx.special_exam.proctored.attempt.submitted.json",
        "edx.special_exam.timed.attempt.created.json",
        "edx.special_exam.timed.attempt.submitted.json",
        "edx.ui.lms.link_clicked.required.only.data.json",
        "edx.video.closed_captions.shown.json",
        "load_video.required.only.data.json",
        "play_video.json",
        "problem_check(browser).json",
        "problem_check(browser)legacy.json",
        "problem_check(server).max_grade_0.json",
        "problem_check(server)_no_response_type.json",
        "problem_check(server,string_anwers).json",
        "problem_check(server,unsupported_responsetype).json",
        "show_transcript.json",
        "video_show_cc_menu.json",
    }
    statuses = {}
    for path in corpus_files():
        response = client.post("/xAPI/statements", content=path.read_bytes(), headers=basic_auth)
        statuses[path.name] = response.status_code
        if response.status_code == 409:
            body = response.json()
            assert body["rejections"][0]["reason"] == "conflict"
    assert {name for name, code in statuses.items() if code == 409} == conflicting
    assert {code for name, code in statuses.items() if name not in conflicting} == {200}
    assert store.query("select count(), uniqExact(event_id) from xapi_events_all")[0] == (65, 65)


def test_erb_single_statements_go_in_by_put_with_statement_id(
    client: TestClient, store: Store, bearer_auth: dict[str, str]
) -> None:
    sent = corpus_statements("play_video.json")[0]
    url = f"/xAPI/statements?statementId={sent['id']}"
    response = client.put(url, content=json.dumps(sent), headers=bearer_auth)
    assert response.status_code == 204
    again = client.put(url, content=json.dumps(sent), headers=bearer_auth)
    assert again.status_code == 204
    assert store.query("select count() from xapi_events_all")[0][0] == 1
