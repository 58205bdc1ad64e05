"""ERB fixtures posted over HTTP land with every typed column as METRICS.md defines it.

Each test posts one fixture file into the test's empty store (fixtures reuse ids across
files) and compares every typed column of the stored row with values read by hand from the
fixture JSON. ``emission_time`` is read back as text in the column's UTC zone.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from aspects.store import Store
from tests.conftest import CORPUS

LEARNER = "32e08e30-f8ae-4ce2-94a8-c2bfe38a70cb"
DEMO = "course-v1:edX+DemoX+Demo_Course"
DEMO_OBJECT = "http://localhost:18000/course/course-v1:edX+DemoX+Demo_Course"
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
VIDEO_KEY = "block-v1:edX+DemoX+Demo_Course+type@video+block@0b9e39477cf34507a7a48f74be381fdd"
VIDEO_TYPE = "https://w3id.org/xapi/video/activity-type/video"
PROBLEM_KEY = "block-v1:edX+DemoX+Demo_Course+type@problem+block@3fc5461f86764ad7bdbdf6cbdde61e66"
MULTI_KEY = "block-v1:edX+DemoX+Demo_Course+type@problem+block@a0effb954cca4759994f1ac9e9434bf4"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
EVALUATED = "https://w3id.org/xapi/acrossx/verbs/evaluated"
NAVIGATED = "https://w3id.org/xapi/dod-isd/verbs/navigated"
SEQUENCE_KEY = (
    "block-v1:edX+DemoX+Demo_Course+type@sequential+block@19a30717eff543078a5d94ae9d6c18a5"
)
RESOURCE = "http://id.tincanapi.com/activitytype/resource"

COLUMNS = (
    "actor_id, course_key, org, verb_id, object_id, object_type, block_key, block_type, "
    "enrollment_mode, video_time, video_length, video_time_from, video_time_to, nav_start, "
    "nav_end, success, score_raw, score_max, score_scaled, attempt, grade_classification, "
    "voided_id, toString(emission_time) as emission_time"
)

# What a column holds when the statement says nothing about it.
NOTHING: dict[str, Any] = {
    "actor_id": LEARNER,
    "course_key": "",
    "org": "",
    "verb_id": "",
    "object_id": "",
    "object_type": "",
    "block_key": "",
    "block_type": "",
    "enrollment_mode": "",
    "video_time": None,
    "video_length": None,
    "video_time_from": None,
    "video_time_to": None,
    "nav_start": None,
    "nav_end": None,
    "success": None,
    "score_raw": None,
    "score_max": None,
    "score_scaled": None,
    "attempt": None,
    "grade_classification": "",
    "voided_id": None,
    "emission_time": "",
}


def expected(**columns: Any) -> dict[str, Any]:
    """Every typed column: the given values, the rest as a statement that says nothing."""
    unknown = set(columns) - set(NOTHING)
    assert not unknown, unknown
    return {**NOTHING, **columns}


def post_file(client: TestClient, auth: dict[str, str], name: str) -> None:
    response = client.post("/xAPI/statements", content=(CORPUS / name).read_bytes(), headers=auth)
    assert response.status_code == 200, response.text


def stored_row(store: Store, event_id: str) -> dict[str, Any]:
    rows = store.query_dicts(
        f"select {COLUMNS} from xapi_events_all where event_id = {{id:UUID}}",  # noqa: S608
        {"id": uuid.UUID(event_id)},
    )
    assert len(rows) == 1, rows
    return rows[0]


# Enrollment and grades: the course is the object itself.


def test_enrollment_activated_stores_the_course_from_the_object_and_the_audit_mode(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "edx.course.enrollment.activated.json")
    assert stored_row(store, "bb946682-b0b9-5dc2-a17c-605ef5833c98") == expected(
        course_key=DEMO,
        org="edX",
        verb_id="http://adlnet.gov/expapi/verbs/registered",
        object_id=DEMO_OBJECT,
        object_type=COURSE_TYPE,
        enrollment_mode="audit",
        emission_time="2020-07-15 06:36:01.917775",
    )


def test_enrollment_deactivated_stores_unregistered_with_the_mode_it_carries(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "edx.course.enrollment.deactivated.json")
    assert stored_row(store, "074afb4a-90d6-57d6-8a6a-4867b4bfcc5f") == expected(
        course_key=DEMO,
        org="edX",
        verb_id="http://id.tincanapi.com/verb/unregistered",
        object_id=DEMO_OBJECT,
        object_type=COURSE_TYPE,
        enrollment_mode="audit",
        emission_time="2020-07-15 06:39:23.898755",
    )


def test_enrollment_mode_changed_is_a_new_registered_statement_with_its_mode(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "edx.course.enrollment.mode_changed.json")
    assert stored_row(store, "bb946682-b0b9-5dc2-a17c-605ef5833c98") == expected(
        course_key=DEMO,
        org="edX",
        verb_id="http://adlnet.gov/expapi/verbs/registered",
        object_id=DEMO_OBJECT,
        object_type=COURSE_TYPE,
        enrollment_mode="audit",
        emission_time="2020-07-15 06:36:01.917775",
    )


def test_enrollment_with_empty_definition_extensions_stores_no_mode(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "edx.course.enrollment.activated.required.only.data.json")
    assert stored_row(store, "bb946682-b0b9-5dc2-a17c-605ef5833c98") == expected(
        course_key=DEMO,
        org="edX",
        verb_id="http://adlnet.gov/expapi/verbs/registered",
        object_id=DEMO_OBJECT,
        object_type=COURSE_TYPE,
        emission_time="2020-07-15 06:36:01.917775",
    )


def test_course_grade_with_letter_grade_stores_scaled_score_and_pass_classification(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "edx.grades.course.grade_calculated_letter_grade.json")
    assert stored_row(store, "375b9512-1f1c-541d-96da-0d4eeff13116") == expected(
        course_key=DEMO,
        org="edX",
        verb_id="http://id.tincanapi.com/verb/earned",
        object_id=DEMO_OBJECT,
        object_type=COURSE_TYPE,
        score_raw=1.0,
        score_max=1.0,
        score_scaled=1.0,
        grade_classification="Pass",
        emission_time="2023-08-23 20:37:45.526615",
    )


def test_course_now_passed_stores_the_passed_verb_on_the_course_and_no_score(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "edx.course.grade.now_passed.json")
    assert stored_row(store, "ebfef69f-dd05-5bf0-bf90-bad645bc6992") == expected(
        course_key=DEMO,
        org="edX",
        verb_id="http://adlnet.gov/expapi/verbs/passed",
        object_id=DEMO_OBJECT,
        object_type=COURSE_TYPE,
        emission_time="2020-07-15 06:36:01.917775",
    )


# Video: position in result.extensions, length in context.extensions.


def test_play_video_stores_the_video_block_position_and_length(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "play_video.json")
    assert stored_row(store, "203e182c-6a2d-5458-9c61-a271297d459a") == expected(
        course_key=DEMO,
        org="edX",
        verb_id="https://w3id.org/xapi/video/verbs/played",
        object_id=f"http://localhost:18000/xblock/{VIDEO_KEY}",
        object_type=VIDEO_TYPE,
        block_key=VIDEO_KEY,
        block_type="video",
        video_time=0.033,
        video_length=195.0,
        emission_time="2020-07-15 06:52:55.057099",
    )


def test_play_video_in_a_ccx_course_keeps_the_ccx_course_and_the_ccx_usage_key(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "play_video.ccx.json")
    ccx_key = (
        "ccx-block-v1:edX+DemoX+Demo_Course+ccx@1+type@video+block@0b9e39477cf34507a7a48f74be381fdd"
    )
    assert stored_row(store, "203e182c-6a2d-5458-9c61-a271297d459a") == expected(
        course_key="ccx-v1:edX+DemoX+Demo_Course+ccx@1",
        org="edX",
        verb_id="https://w3id.org/xapi/video/verbs/played",
        object_id=f"http://localhost:18000/xblock/{ccx_key}",
        object_type=VIDEO_TYPE,
        block_key=ccx_key,
        block_type="video",
        video_time=0.033,
        video_length=195.0,
        emission_time="2020-07-15 06:52:55.057099",
    )


def test_seek_video_stores_time_from_and_time_to_and_no_position(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "seek_video.json")
    assert stored_row(store, "50e46aad-346e-58da-ab55-e599abcd554c") == expected(
        course_key=DEMO,
        org="edX",
        verb_id="https://w3id.org/xapi/video/verbs/seeked",
        object_id=f"http://localhost:18000/xblock/{VIDEO_KEY}",
        object_type=VIDEO_TYPE,
        block_key=VIDEO_KEY,
        block_type="video",
        video_length=195.0,
        video_time_from=194.381,
        video_time_to=10.0,
        emission_time="2020-07-15 06:58:28.027485",
    )


def test_complete_video_stores_the_end_position_and_completion_is_not_success(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "complete_video.json")
    assert stored_row(store, "f7c8b743-f18f-5016-8455-35ff8a2f8020") == expected(
        course_key=DEMO,
        org="edX",
        verb_id="http://adlnet.gov/expapi/verbs/completed",
        object_id=f"http://localhost:18000/xblock/{VIDEO_KEY}",
        object_type=VIDEO_TYPE,
        block_key=VIDEO_KEY,
        block_type="video",
        video_time=195.0,
        video_length=195.0,
        emission_time="2020-07-15 06:46:41.543562",
    )


# Problems.


def test_server_problem_check_stores_attempt_id_success_and_score(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "problem_check(server).json")
    assert stored_row(store, "c9c7da1a-0cf0-5161-9bf5-35c61091f826") == expected(
        course_key=DEMO,
        org="edX",
        verb_id=EVALUATED,
        object_id=f"http://localhost:18000/xblock/{PROBLEM_KEY}",
        object_type=INTERACTION,
        block_key=PROBLEM_KEY,
        block_type="problem",
        success=False,
        score_raw=0.0,
        score_max=1.0,
        score_scaled=0.0,
        attempt=10,
        emission_time="2020-07-14 14:39:26.906232",
    )


def test_multi_question_problem_parts_resolve_to_the_parent_problem_and_course_from_grouping(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "problem_check(server,multiple_questions,partial_correct).json")
    problem_url = f"http://localhost:18000/xblock/{MULTI_KEY}"
    common = {
        "course_key": DEMO,
        "org": "edX",
        "verb_id": EVALUATED,
        "object_type": INTERACTION,
        "block_key": MULTI_KEY,
        "block_type": "problem",
        "emission_time": "2023-08-03 06:31:39.005451",
    }
    # The GroupActivity statement: the whole problem, course from parent, 2 of 3 points.
    assert stored_row(store, "7d8be6d2-15b9-5f0d-bdfc-4e2daee2eee4") == expected(
        **common,
        object_id=problem_url,
        success=False,
        score_raw=2.0,
        score_max=3.0,
        score_scaled=0.6666666666666666,
    )
    # Child statements: parent[0] is the problem (not a course), the course is grouping[0].
    assert stored_row(store, "f3e25970-2c71-57a6-9ba9-8ba714e68f76") == expected(
        **common, object_id=f"{problem_url}_2_1", success=True
    )
    assert stored_row(store, "b7d38689-d6fc-594e-9f8b-79cca5f7302c") == expected(
        **common, object_id=f"{problem_url}_3_1", success=False
    )
    assert stored_row(store, "8a30b6a8-b9a3-5246-8a23-7bed05cfc031") == expected(
        **common, object_id=f"{problem_url}_4_1", success=True
    )


def test_showanswer_strips_the_answer_suffix_from_the_problem_usage_key(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "showanswer.json")
    assert stored_row(store, "c552e1bc-2a30-555c-99e8-79d72413eaf7") == expected(
        course_key=DEMO,
        org="edX",
        verb_id="http://adlnet.gov/expapi/verbs/asked",
        object_id=f"http://localhost:18000/xblock/{PROBLEM_KEY}/answer",
        object_type="http://id.tincanapi.com/activitytype/solution",
        block_key=PROBLEM_KEY,
        block_type="problem",
        emission_time="2020-07-15 06:07:37.810384",
    )


def test_demand_hint_strips_the_hint_suffix_from_the_problem_usage_key(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "edx.problem.hint.demandhint_displayed.json")
    hinted = "block-v1:edX+DemoX+Demo_Course+type@problem+block@07adfed616844fa780c606b55270a090"
    assert stored_row(store, "e9b9ba0f-d976-5656-9a6c-d432b12335ea") == expected(
        course_key=DEMO,
        org="edX",
        verb_id="http://adlnet.gov/expapi/verbs/asked",
        object_id=f"http://localhost:18000/xblock/{hinted}/hint/1",
        object_type="https://w3id.org/xapi/acrossx/extensions/supplemental-info",
        block_key=hinted,
        block_type="problem",
        emission_time="2020-07-15 06:09:37.404285",
    )


def test_statement_whose_object_has_no_id_stores_empty_object_block_and_course(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    # No parent, no grouping, no object id; the score has only "min": no raw/max/scaled.
    post_file(client, basic_auth, "problem_check(browser).required.only.data.json")
    assert stored_row(store, "37e0953c-fa85-5435-8c53-723909ab81d9") == expected(
        verb_id=EVALUATED,
        object_type=INTERACTION,
        success=False,
        emission_time="2020-07-14 14:39:26.580443",
    )


# Navigation.


def test_sequence_next_selected_means_ending_position_is_start_plus_one(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "edx.ui.lms.sequence.next_selected.json")
    assert stored_row(store, "2802561d-3e8e-56d4-8944-07a8fbfd02b2") == expected(
        course_key=DEMO,
        org="edX",
        verb_id=NAVIGATED,
        object_id=f"http://localhost:18000/xblock/{SEQUENCE_KEY}",
        object_type=RESOURCE,
        block_key=SEQUENCE_KEY,
        block_type="sequential",
        nav_start=4,
        nav_end=5,
        emission_time="2020-07-14 14:06:42.424987",
    )


def test_sequence_previous_selected_means_ending_position_is_start_minus_one(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "edx.ui.lms.sequence.previous_selected.json")
    assert stored_row(store, "6e0efdce-2611-52f8-a213-dcd81b78cfbd") == expected(
        course_key=DEMO,
        org="edX",
        verb_id=NAVIGATED,
        object_id=f"http://localhost:18000/xblock/{SEQUENCE_KEY}",
        object_type=RESOURCE,
        block_key=SEQUENCE_KEY,
        block_type="sequential",
        nav_start=5,
        nav_end=4,
        emission_time="2020-07-14 14:25:39.394105",
    )


def test_sequence_tab_selected_stores_the_numeric_ending_point(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "edx.ui.lms.sequence.tab_selected.json")
    assert stored_row(store, "0f73de3b-445e-5674-aab9-b0117c64671a") == expected(
        course_key=DEMO,
        org="edX",
        verb_id=NAVIGATED,
        object_id=f"http://localhost:18000/xblock/{SEQUENCE_KEY}",
        object_type=RESOURCE,
        block_key=SEQUENCE_KEY,
        block_type="sequential",
        nav_start=4,
        nav_end=8,
        emission_time="2020-07-14 14:28:29.829229",
    )


def test_outline_selected_jump_to_resolves_to_the_sequential_usage_key(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "edx.ui.lms.outline.selected.json")
    lesson = "block-v1:edX+DemoX+Demo_Course+type@sequential+block@48ecb924d7fe4b66a230137626bfa93e"
    assert stored_row(store, "d30c30af-2eeb-5ae3-a765-4e2ca9bb3283") == expected(
        course_key=DEMO,
        org="edX",
        verb_id=NAVIGATED,
        object_id=f"http://localhost:18000/courses/{DEMO}/jump_to/{lesson}",
        object_type="http://adlnet.gov/expapi/activities/module",
        block_key=lesson,
        block_type="sequential",
        emission_time="2020-08-04 12:43:57.705414",
    )


# Forum: the course is the parent even when grouping names the thread.


def test_forum_response_takes_the_course_from_parent_not_from_the_thread_in_grouping(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    post_file(client, basic_auth, "edx.forum.response.created.json")
    assert stored_row(store, "b57c965a-218a-5a17-aee8-9f3dc75c5bb3") == expected(
        course_key="course-v1:testX+XAPI101+2019_T2",
        org="testX",
        verb_id="https://w3id.org/xapi/acrossx/verbs/posted",
        object_id="http://localhost:18000/api/discussion/v1/comments/64b7b640e68f350033690932",
        object_type="http://id.tincanapi.com/activitytype/discussion",
        emission_time="2023-07-19 10:09:04.464412",
    )


def test_forum_thread_created_has_no_enrollment_mode_despite_a_type_context_extension(
    client: TestClient, store: Store, basic_auth: dict[str, str]
) -> None:
    # context.extensions carries acrossx/type "discussion"; the mode is only ever read from
    # the object definition of enrollment statements.
    post_file(client, basic_auth, "edx.forum.thread.created.json")
    assert stored_row(store, "a4e3d431-0281-5b3e-bcf7-0ddbeb8543b2") == expected(
        course_key="course-v1:testX+XAPI101+2019_T2",
        org="testX",
        verb_id="https://w3id.org/xapi/acrossx/verbs/posted",
        object_id="http://localhost:18000/api/discussion/v1/threads/64abcdfee68f35002fd013c6",
        object_type="http://id.tincanapi.com/activitytype/discussion",
        emission_time="2023-07-10 09:23:10.354202",
    )
