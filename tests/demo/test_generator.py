"""The demo generator without a store: ERB shapes, determinism, validity, time."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime
from functools import cache
from typing import Any

import orjson
import pytest

from aspects.demo.deployment import Deployment
from aspects.demo.ids import NAMESPACE, Clock, Ids, to_micros
from aspects.ingest.statement import prepare
from tests.conftest import corpus_statements

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@cache
def generated(seed: int = 7, courses: int = 2, learners: int = 40) -> tuple[list[str], list[Any]]:
    deployment = Deployment(courses, seed, NOW)
    lines: list[str] = []
    rows: list[Any] = list(deployment.course_rows())
    for index in range(learners):
        data = deployment.learner(index)
        lines.extend(data.statements)
        rows.extend(data.rows)
    return lines, rows


def shape(value: Any) -> Any:
    """The layout of a JSON value: keys all the way down, scalars by kind."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def test_fast_uuid5_equals_the_standard_library_uuid5() -> None:
    ids = Ids(42)
    for name in ("0/10/1", "xapi-id/10", "a" * 100):
        assert ids.uuid5(name) == str(uuid.uuid5(NAMESPACE, f"42/{name}"))


def test_clock_formats_times_as_erb_does() -> None:
    moment = datetime(2020, 7, 15, 6, 36, 1, 917775, tzinfo=UTC)
    assert Clock().iso(to_micros(moment)) == "2020-07-15T06:36:01.917775+00:00"
    assert Clock().iso(to_micros(moment.replace(microsecond=0))) == (
        "2020-07-15T06:36:01.000000+00:00"
    )


def test_same_seed_gives_the_same_ids_bodies_and_rows_and_another_seed_does_not() -> None:
    lines, rows = generated()
    again = Deployment(2, 7, NOW)
    assert again.learner(3).statements == Deployment(2, 7, NOW).learner(3).statements
    regenerated: list[str] = []
    for index in range(40):
        regenerated.extend(again.learner(index).statements)
    assert regenerated == lines
    other = Deployment(2, 8, NOW).learner(0).statements
    assert not set(other) & set(lines)
    # A learner is the same whatever the deployment's size: a bigger demo extends a smaller one.
    assert (
        Deployment(2, 7, NOW).learner(5).statements == Deployment(2, 7, NOW).learner(5).statements
    )
    assert rows == generated()[1]


def test_every_statement_passes_ingest_validation_with_a_unique_id_and_no_future_time() -> None:
    lines, _ = generated()
    ids = set()
    for line in lines:
        prepared = prepare(orjson.loads(line), NOW)
        assert prepared.timestamp <= NOW
        ids.add(prepared.id)
    assert len(ids) == len(lines)


# (corpus file, index in it, demo verb suffix, text the demo statement contains)
SHAPES = [
    ("edx.course.enrollment.activated.json", 0, "/registered", ""),
    ("edx.course.enrollment.deactivated.json", 0, "/unregistered", ""),
    ("edx.ui.lms.sequence.next_selected.json", 0, "/navigated", '"next unit"'),
    ("edx.ui.lms.sequence.previous_selected.json", 0, "/navigated", '"previous unit"'),
    ("edx.ui.lms.outline.selected.json", 0, "/navigated", "/jump_to/"),
    ("load_video.json", 0, "/initialized", ""),
    ("play_video.json", 0, "/played", ""),
    ("pause_video.json", 0, "/paused", ""),
    ("stop_video.json", 0, "/terminated", ""),
    ("seek_video.json", 0, "/seeked", ""),
    ("complete_video.json", 0, "/completed", ""),
    ("problem_check(server).json", 0, "/evaluated", "attempt-id"),
    ("problem_check(server,multiple_questions,partial_correct).json", 0, "/evaluated", '"other"'),
    ("problem_check(server,multiple_questions,partial_correct).json", 1, "/evaluated", "Ref"),
    ("edx.grades.course.grade_calculated_letter_grade.json", 0, "/earned", ""),
    ("edx.course.grade.now_passed.json", 0, "/passed", ""),
    ("edx.forum.thread.created.json", 0, "/posted", "/threads/"),
    ("edx.forum.response.created.json", 0, "/posted", "/comments/"),
]


@pytest.mark.parametrize(("fixture", "index", "verb", "marker"), SHAPES)
def test_demo_statements_have_the_layout_of_the_erb_corpus(
    fixture: str, index: int, verb: str, marker: str
) -> None:
    lines, _ = generated()
    candidates = [s for s in map(orjson.loads, lines) if s["verb"]["id"].endswith(verb)]
    demo = next(s for s in candidates if marker in orjson.dumps(s).decode())
    expected = corpus_statements(fixture)[index]
    assert shape(demo) == shape(expected)


def test_tab_navigation_has_integer_positions_like_the_corpus() -> None:
    lines, _ = generated()
    statements = [orjson.loads(line) for line in lines if 'ending-point":' in line]
    ends = Counter(
        type(s["context"]["extensions"][k]).__name__
        for s in statements
        for k in s["context"]["extensions"]
        if k.endswith("ending-point")
    )
    assert ends["str"] > 0
    assert ends["int"] > 0  # unit-bar tabs: ending-point is the position moved to
    expected = corpus_statements("edx.ui.lms.sequence.tab_selected.json")[0]
    tab = next(
        s
        for s in statements
        if isinstance(
            s["context"]["extensions"]["http://id.tincanapi.com/extension/ending-point"], int
        )
    )
    assert shape(tab) == shape(expected)


def test_lms_rows_have_exactly_the_event_sink_columns() -> None:
    from aspects.lms.tables import TABLES

    _, rows = generated()
    tables = Counter(table for table, _ in rows)
    assert tables["course_overviews"] == 2
    assert tables["external_id"] == tables["user_profile"] == 40
    assert tables["course_enrollment"] >= 40
    for table, row in rows:
        assert tuple(row) == TABLES[table].names


def test_behaviour_looks_like_a_real_course() -> None:
    lines, _ = generated()
    statements = [orjson.loads(line) for line in lines]
    verbs = Counter(s["verb"]["id"].rsplit("/", 1)[-1] for s in statements)
    for verb in (
        "registered",
        "unregistered",
        "navigated",
        "initialized",
        "played",
        "paused",
        "seeked",
        "completed",
        "evaluated",
        "earned",
        "passed",
        "posted",
    ):
        assert verbs[verb] > 0, verb
    single = [
        s
        for s in statements
        if s["verb"]["id"].endswith("/evaluated")
        and "score" in s.get("result", {})
        and s["object"]["objectType"] == "Activity"
    ]
    success = sum(s["result"]["success"] for s in single) / len(single)
    assert 0.4 < success < 0.85
    attempts = Counter(
        s["object"]["definition"]["extensions"]["http://id.tincanapi.com/extension/attempt-id"]
        for s in single
    )
    assert attempts[2] > 0 and attempts[1] > attempts[2]
