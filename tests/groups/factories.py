"""Builders for the statements groups read: navigation, problems, forum, plus LMS identities."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from aspects.lms.sink import insert_rows
from aspects.store import Store
from tests.conftest import statement
from tests.lms import factories as lms
from tests.reports.factories import COURSE, parent_context, usage_key

NAVIGATED = "https://w3id.org/xapi/dod-isd/verbs/navigated"
EVALUATED = "https://w3id.org/xapi/acrossx/verbs/evaluated"
POSTED = "https://w3id.org/xapi/acrossx/verbs/posted"
VIEWED = "http://id.tincanapi.com/verb/viewed"
EXT_START = "http://id.tincanapi.com/extension/starting-position"
EXT_END = "http://id.tincanapi.com/extension/ending-point"
EXT_ATTEMPT = "http://id.tincanapi.com/extension/attempt-id"

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
    extensions: dict[str, Any] = {}
    if start is not None:
        extensions[EXT_START] = start
    if end is not None:
        extensions[EXT_END] = end
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


def jump_to(usage_key: str, course: str = COURSE) -> str:
    """The course outline's link to a block."""
    return f"http://lms.example/courses/{course}/jump_to/{usage_key}"


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
