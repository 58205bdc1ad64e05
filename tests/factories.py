"""Builders of test data, in one place: xAPI statements as ERB sends them, the course
structure and LMS identities the groups read, and readers of report answers.

:func:`statement` is a small ERB-shaped statement; the others build on it (enrollment, grades,
video, navigation, problems, forum). LMS table rows are in ``tests/lms/factories.py``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from aspects.lms.sink import insert_rows
from aspects.store import Store
from tests.lms import factories as lms


def statement(
    verb: str = "http://adlnet.gov/expapi/verbs/registered",
    actor: str = "learner-1",
    ts: str = "2026-01-05T10:00:00+00:00",
    course: str = "course-v1:Org+C1+2026",
    **extra: Any,
) -> dict[str, Any]:
    """A small ERB-shaped statement (enrollment by default) with a fresh id."""
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": "http://lms.example", "name": actor},
        },
        "verb": {"id": verb, "display": {"en": verb.rsplit("/", 1)[-1]}},
        "object": {
            "objectType": "Activity",
            "id": f"http://lms.example/course/{course}",
            "definition": {"type": "http://adlnet.gov/expapi/activities/course"},
        },
        "timestamp": ts,
        "version": "1.0.3",
    }
    body.update(extra)
    return body


COURSE = "course-v1:Org+C1+2026"
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
REGISTERED = "http://adlnet.gov/expapi/verbs/registered"
UNREGISTERED = "http://id.tincanapi.com/verb/unregistered"
EARNED = "http://id.tincanapi.com/verb/earned"
PASSED = "http://adlnet.gov/expapi/verbs/passed"
FAILED = "http://adlnet.gov/expapi/verbs/failed"
PLAYED = "https://w3id.org/xapi/video/verbs/played"
PAUSED = "https://w3id.org/xapi/video/verbs/paused"
SEEKED = "https://w3id.org/xapi/video/verbs/seeked"
TERMINATED = "http://adlnet.gov/expapi/verbs/terminated"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
EXT_MODE = "https://w3id.org/xapi/acrossx/extensions/type"
EXT_TIME = "https://w3id.org/xapi/video/extensions/time"
EXT_TIME_FROM = "https://w3id.org/xapi/video/extensions/time-from"
EXT_TIME_TO = "https://w3id.org/xapi/video/extensions/time-to"
EXT_LENGTH = "https://w3id.org/xapi/video/extensions/length"
EXT_GRADE_CLASS = "http://www.tincanapi.co.uk/activitytypes/grade_classification"


def ts(day: str, clock: str = "10:00:00") -> str:
    """``2026-01-05`` + ``10:00:00`` → an ISO UTC timestamp."""
    return f"{day}T{clock}+00:00"


def _course_object(course: str, mode: str | None = None) -> dict[str, Any]:
    definition: dict[str, Any] = {"type": COURSE_TYPE}
    if mode is not None:
        definition["extensions"] = {EXT_MODE: mode}
    return {
        "objectType": "Activity",
        "id": f"http://lms.example/course/{course}",
        "definition": definition,
    }


def enroll(
    actor: str,
    when: str,
    mode: str = "audit",
    verb: str = REGISTERED,
    course: str = COURSE,
    **extra: Any,
) -> dict[str, Any]:
    """A `registered` (or, with ``verb``, `unregistered`) statement in ``mode``."""
    return statement(
        verb=verb, actor=actor, ts=when, course=course, object=_course_object(course, mode), **extra
    )


def unenroll(actor: str, when: str, mode: str = "audit", **extra: Any) -> dict[str, Any]:
    """An `unregistered` statement."""
    return enroll(actor, when, mode, verb=UNREGISTERED, **extra)


def course_grade(
    actor: str,
    when: str,
    scaled: float,
    classification: str | None = None,
    course: str = COURSE,
    **extra: Any,
) -> dict[str, Any]:
    """An `earned` course grade (ERB's edx.grades.course.grade_calculated)."""
    result: dict[str, Any] = {"score": {"scaled": scaled, "raw": scaled, "min": 0.0, "max": 1.0}}
    if classification is not None:
        result["extensions"] = {EXT_GRADE_CLASS: classification}
    return statement(
        verb=EARNED,
        actor=actor,
        ts=when,
        course=course,
        object=_course_object(course),
        result=result,
        **extra,
    )


def subsection_grade(
    actor: str, when: str, scaled: float, name: str = "quiz", course: str = COURSE
) -> dict[str, Any]:
    """An `earned` subsection grade, on the subsection (ERB: grades.subsection.grade_calculated)."""
    return statement(
        verb=EARNED,
        actor=actor,
        ts=when,
        course=course,
        object={
            "objectType": "Activity",
            "id": f"http://lms.example/xblock/{usage_key('sequential', name, course)}",
            "definition": {"type": "http://id.tincanapi.com/activitytype/resource"},
        },
        result={"score": {"scaled": scaled, "raw": 3 * scaled, "min": 0.0, "max": 3.0}},
    )


def pass_state(actor: str, when: str, verb: str, course: str = COURSE) -> dict[str, Any]:
    """A course-level `passed` / `failed`."""
    return statement(verb=verb, actor=actor, ts=when, course=course, object=_course_object(course))


def video_key(name: str = "v1", course: str = COURSE) -> str:
    """A video usage key in ``course``."""
    return f"block-v1:{course.removeprefix('course-v1:')}+type@video+block@{name}"


def video(
    actor: str,
    verb: str,
    when: str,
    time: float | None = None,
    *,
    video_name: str = "v1",
    length: float = 20.0,
    time_from: float | None = None,
    time_to: float | None = None,
    course: str = COURSE,
    **extra: Any,
) -> dict[str, Any]:
    """A video statement as ERB sends it: position in result, length in context."""
    result_ext = _given({EXT_TIME: time, EXT_TIME_FROM: time_from, EXT_TIME_TO: time_to})
    body = statement(
        verb=verb,
        actor=actor,
        ts=when,
        course=course,
        object={
            "objectType": "Activity",
            "id": f"http://lms.example/xblock/{video_key(video_name, course)}",
            "definition": {"type": "https://w3id.org/xapi/video/activity-type/video"},
        },
        context=parent_context(course, {EXT_LENGTH: length}),
        **extra,
    )
    if result_ext:
        body["result"] = {"extensions": result_ext}
    return body


def _given(extensions: dict[str, Any]) -> dict[str, Any]:
    """The extensions that have a value (a statement leaves the others out)."""
    return {key: value for key, value in extensions.items() if value is not None}


def with_id(body: dict[str, Any], prefix: str) -> dict[str, Any]:
    """``body`` with a statement id starting with ``prefix`` (hex), to fix tie-break order."""
    body["id"] = prefix + body["id"][len(prefix) :]
    return body


def get_report(client: TestClient, name: str, course: str = COURSE, **params: str) -> Any:
    """The JSON rows of a report, after checking the answer is 200."""
    response = client.get(f"/api/v1/courses/{course}/reports/{name}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def rows(
    client: TestClient, name: str, course: str = COURSE, **params: str
) -> list[dict[str, Any]]:
    """Only the rows of a report's JSON answer."""
    return list(get_report(client, name, course, **params)["rows"])


def table(
    client: TestClient, name: str, columns: tuple[str, ...], course: str = COURSE, **params: str
) -> list[tuple[Any, ...]]:
    """The rows of a report as tuples of ``columns``: compact literals in tests."""
    return [tuple(row[c] for c in columns) for row in rows(client, name, course, **params)]


# Engagement, video and problem reports (issue 4): navigation and problem statements, and
# the course structure rows they are placed by.
NAVIGATED = "https://w3id.org/xapi/dod-isd/verbs/navigated"
INITIALIZED = "http://adlnet.gov/expapi/verbs/initialized"
EVALUATED = "https://w3id.org/xapi/acrossx/verbs/evaluated"
ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted"
POSTED = "https://w3id.org/xapi/acrossx/verbs/posted"
EXT_START = "http://id.tincanapi.com/extension/starting-position"
EXT_END = "http://id.tincanapi.com/extension/ending-point"
EXT_ATTEMPT = "http://id.tincanapi.com/extension/attempt-id"


def usage_key(block_type: str, name: str, course: str = COURSE) -> str:
    """A usage key of any block type in ``course``."""
    return f"block-v1:{course.removeprefix('course-v1:')}+type@{block_type}+block@{name}"


def parent_context(course: str, extensions: dict[str, Any] | None = None) -> dict[str, Any]:
    """An xAPI context whose parent activity is ``course`` (and ``extensions`` when given)."""
    context: dict[str, Any] = {
        "contextActivities": {
            "parent": [
                {"id": f"http://lms.example/course/{course}", "definition": {"type": COURSE_TYPE}}
            ]
        }
    }
    if extensions:
        context["extensions"] = extensions
    return context


def navigate_block(
    actor: str,
    when: str,
    target: str,
    start: int | None = None,
    end: int | str | None = None,
    *,
    jump_to: bool = False,
    course: str = COURSE,
) -> dict[str, Any]:
    """A `navigated` on ``target`` (a usage key): the player's xblock URL or …/jump_to/."""
    url = jump_to_url(target, course) if jump_to else xblock(target)
    return navigate(actor, when, url, start, end, course)


def answer(
    actor: str,
    when: str,
    problem: str,
    success: bool,
    attempt: int | None = None,
    *,
    part: int | None = None,
    verb: str = EVALUATED,
    course: str = COURSE,
) -> dict[str, Any]:
    """A server-`evaluated` submission to problem ``problem`` (its name), or to one ``part``."""
    key = usage_key("problem", problem, course)
    if part is not None:
        key = f"{key}_{part}_1"
    definition: dict[str, Any] = {"type": "http://adlnet.gov/expapi/activities/cmi.interaction"}
    if attempt is not None:
        definition["extensions"] = {EXT_ATTEMPT: attempt}
    return statement(
        verb=verb,
        actor=actor,
        ts=when,
        course=course,
        object={
            "objectType": "Activity",
            "id": f"http://lms.example/xblock/{key}",
            "definition": definition,
        },
        context=parent_context(course),
        result={
            "success": success,
            "score": {
                "scaled": 1.0 if success else 0.0,
                "raw": 1.0 if success else 0.0,
                "min": 0.0,
                "max": 1.0,
            },
        },
    )


def structure_row(
    block_type: str,
    name: str,
    display_name: str,
    positions: tuple[int, int, int],
    order: int,
    graded: int = 0,
    course: str = COURSE,
) -> dict[str, Any]:
    """One course_blocks row of ``course`` (the LMS sink's shape)."""
    from tests.lms.factories import block

    row = block(block_type, name, display_name, positions, order, graded, course=course)
    row["org"] = course.removeprefix("course-v1:").split("+", 1)[0]
    return row


# Learner groups (issue 5): navigation by object id, problem checks, forum, identities.
VIEWED = "http://id.tincanapi.com/verb/viewed"

key = usage_key  # the groups tests' name for a usage key in a course


def navigate(
    actor: str,
    when: str,
    target: str,
    start: int | str | None = None,
    end: int | str | None = None,
    course: str = COURSE,
) -> dict[str, Any]:
    """A `navigated`: ``target`` is an object id (xblock, jump_to or the course home)."""
    extensions = _given({EXT_START: start, EXT_END: end})
    return statement(
        verb=NAVIGATED,
        actor=actor,
        ts=when,
        course=course,
        object={
            "objectType": "Activity",
            "id": target,
            "definition": {"type": "http://adlnet.gov/expapi/activities/module"},
        },
        context=parent_context(course, extensions),
    )


def xblock(usage_key: str) -> str:
    """The object id of a block."""
    return f"http://lms.example/xblock/{usage_key}"


def jump_to_url(usage_key: str, course: str = COURSE) -> str:
    """The course outline's link to a block."""
    return f"http://lms.example/courses/{course}/jump_to/{usage_key}"


jump_to = jump_to_url  # the groups tests' name for it


def home(course: str = COURSE) -> str:
    """The course home page."""
    return f"http://lms.example/course/{course}"


def evaluated(
    actor: str,
    when: str,
    problem: str,
    success: bool,
    scaled: float,
    attempt: int | None = None,
    course: str = COURSE,
) -> dict[str, Any]:
    """A server-side problem check (`evaluated`) of ``problem`` (a usage key)."""
    definition: dict[str, Any] = {"type": "http://adlnet.gov/expapi/activities/question"}
    if attempt is not None:
        definition["extensions"] = {EXT_ATTEMPT: attempt}
    return statement(
        verb=EVALUATED,
        actor=actor,
        ts=when,
        course=course,
        object={"objectType": "Activity", "id": xblock(problem), "definition": definition},
        context=parent_context(course),
        result={"success": success, "score": {"scaled": scaled, "raw": scaled, "max": 1.0}},
    )


def forum(actor: str, when: str, verb: str = POSTED, course: str = COURSE) -> dict[str, Any]:
    """A forum statement (thread posted, or with ``verb`` viewed …)."""
    return statement(
        verb=verb,
        actor=actor,
        ts=when,
        course=course,
        object={
            "objectType": "Activity",
            "id": f"http://lms.example/api/discussion/v1/threads/{uuid.uuid4().hex[:8]}",
            "definition": {"type": "http://id.tincanapi.com/activitytype/discussion"},
        },
        context=parent_context(course),
    )


def load_people(store: Store, people: list[tuple[str, int, str, str, str]]) -> None:
    """LMS identities: (anonymous id (a UUID), user_id, username, name, email)."""
    dumped = datetime(2026, 1, 10, tzinfo=UTC)
    external = [
        lms.external_id(
            external_user_id=uuid.UUID(a), user_id=u, username=n, time_last_dumped=dumped
        )
        for a, u, n, _, _ in people
    ]
    profiles = [
        lms.profile(id=u, user_id=u, username=n, name=full, email=mail, time_last_dumped=dumped)
        for _, u, n, full, mail in people
    ]
    assert not insert_rows(store, "external_id", external).errors
    assert not insert_rows(store, "user_profile", profiles).errors


def structure(
    store: Store,
    blocks: list[tuple[str, str, str, tuple[int, int, int], int]],
    course: str = COURSE,
) -> None:
    """Course blocks: (type, name, display name, (section, subsection, unit), order)."""
    rows = [lms.block(t, n, d, pos, order, course=course) for t, n, d, pos, order in blocks]
    assert not insert_rows(store, "course_blocks", rows).errors
