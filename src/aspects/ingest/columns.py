"""Parse a valid statement once, at ingest, into the typed columns reports read.

Every rule here implements a definition in docs METRICS.md ("Identity and time", "Engagement",
"Video", "Performance", "Content performance"); reports never parse JSON.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
EXT_MODE = "https://w3id.org/xapi/acrossx/extensions/type"
EXT_VIDEO_TIME = "https://w3id.org/xapi/video/extensions/time"
EXT_VIDEO_LENGTH = "https://w3id.org/xapi/video/extensions/length"
EXT_TIME_FROM = "https://w3id.org/xapi/video/extensions/time-from"
EXT_TIME_TO = "https://w3id.org/xapi/video/extensions/time-to"
EXT_START = "http://id.tincanapi.com/extension/starting-position"
EXT_END = "http://id.tincanapi.com/extension/ending-point"
EXT_ATTEMPT = "http://id.tincanapi.com/extension/attempt-id"
EXT_GRADE_CLASS = "http://www.tincanapi.co.uk/activitytypes/grade_classification"
REGISTERED = "http://adlnet.gov/expapi/verbs/registered"
UNREGISTERED = "http://id.tincanapi.com/verb/unregistered"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"

# A usage key runs to the first "/" (ERB appends /hint/1, /answer to some object ids); CCX
# courses have their own keys, "ccx-block-v1:…" (corpus play_video.ccx.json).
_USAGE_KEY = re.compile(r"((?:ccx-)?block-v1:[^/?#\s]+)")
_BLOCK_TYPE = re.compile(r"\+type@([^+]+)\+block@")
# Problem parts are "<problem key>_<n>_1": METRICS.md, "Block".
_PROBLEM_PART = re.compile(r"^(.*\+type@problem\+block@.+?)_\d+_\d+$")
_COURSE_PREFIXES = ("course-v1:", "ccx-v1:")
# Ranges of the Int32 / UInt32 columns (nav_start, nav_end / attempt).
_INT32 = (-(2**31), 2**31 - 1)
_UINT32 = (0, 2**32 - 1)

COLUMNS = (
    "actor_id",
    "course_key",
    "org",
    "verb_id",
    "object_id",
    "object_type",
    "block_key",
    "block_type",
    "enrollment_mode",
    "video_time",
    "video_length",
    "video_time_from",
    "video_time_to",
    "nav_start",
    "nav_end",
    "success",
    "score_raw",
    "score_max",
    "score_scaled",
    "attempt",
    "grade_classification",
    "voided_id",
)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _first(value: Any) -> dict[str, Any]:
    """The first activity of a context-activities entry: an array or, as xAPI allows, one."""
    if isinstance(value, list):
        return _dict(value[0]) if value else {}
    return _dict(value)


def _number(value: Any) -> float | None:
    """A finite number from a JSON number or a numeric string, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):  # OverflowError: an int beyond any float
        return None
    # "nan" and "1e999" parse as floats but are no position, length or score.
    return number if math.isfinite(number) else None


def _integer(value: Any, low: int, high: int) -> int | None:
    """A whole number within ``low``..``high``, else None."""
    # Out of its column's range, a sender's value would fail the insert of the whole batch.
    number = _number(value)
    if number is None or not number.is_integer():
        return None
    whole = int(number)
    return whole if low <= whole <= high else None


def _last_segment(iri: Any) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1] if isinstance(iri, str) else ""


def actor_id(actor: dict[str, Any]) -> str:
    """``account.name``, else ``mbox``, else ``mbox_sha1sum`` (METRICS.md, "Learner")."""
    name = _dict(actor.get("account")).get("name")
    if name:
        return str(name)
    for key in ("mbox", "mbox_sha1sum", "openid"):
        if actor.get(key):
            return str(actor[key])
    return ""


def course_key(statement: dict[str, Any]) -> str:
    """The course of a statement (METRICS.md, "Course").

    The parent activity when it is a course; else the first grouping activity (child
    statements of multi-question problems); else the object when it is a course.
    """
    activities = _dict(_dict(statement.get("context")).get("contextActivities"))
    parent = _first(activities.get("parent"))
    if _dict(parent.get("definition")).get("type") == COURSE_TYPE:
        return _last_segment(parent.get("id"))
    grouping = _first(activities.get("grouping"))
    if grouping.get("id"):
        return _last_segment(grouping.get("id"))
    obj = _dict(statement.get("object"))
    if _dict(obj.get("definition")).get("type") == COURSE_TYPE:
        return _last_segment(obj.get("id"))
    return ""


@lru_cache(maxsize=1 << 16)  # a course has a few thousand blocks; ids repeat
def org_of(course: str) -> str:
    """The part between ``course-v1:`` and the first ``+``."""
    for prefix in _COURSE_PREFIXES:
        if course.startswith(prefix):
            return course[len(prefix) :].split("+", 1)[0]
    return ""


@lru_cache(maxsize=1 << 16)  # a course has a few thousand blocks; ids repeat
def block_key(object_id: str) -> str:
    """The usage key of the block an object id names (METRICS.md, "Block").

    ``…/xblock/<key>``, ``…/jump_to/<key>`` and a bare ``block-v1:`` id all resolve to the
    key; problem parts ``…@problem+block@<id>_<n>_1`` resolve to problem ``<id>``.
    """
    match = _USAGE_KEY.search(object_id)
    if not match:
        return ""
    key = match.group(1)
    part = _PROBLEM_PART.match(key)
    return part.group(1) if part else key


@lru_cache(maxsize=1 << 16)  # a course has a few thousand blocks; ids repeat
def block_type(key: str) -> str:
    """``problem``, ``video``, ``sequential``… from a usage key."""
    match = _BLOCK_TYPE.search(key)
    return match.group(1) if match else ""


def navigation_positions(extensions: dict[str, Any]) -> tuple[int | None, int | None]:
    """Starting and ending unit positions; ``next unit``/``previous unit`` are start ± 1."""
    start = _integer(extensions.get(EXT_START), *_INT32)
    end_value = extensions.get(EXT_END)
    if end_value == "next unit":
        end = _integer(start + 1, *_INT32) if start is not None else None
    elif end_value == "previous unit":
        end = _integer(start - 1, *_INT32) if start is not None else None
    else:
        end = _integer(end_value, *_INT32)
    return start, end


def typed_row(statement: dict[str, Any]) -> tuple[Any, ...]:
    """The typed columns of one valid statement, in :data:`COLUMNS` order."""
    obj = _dict(statement.get("object"))
    definition = _dict(obj.get("definition"))
    definition_ext = _dict(definition.get("extensions"))
    context_ext = _dict(_dict(statement.get("context")).get("extensions"))
    result = _dict(statement.get("result"))
    result_ext = _dict(result.get("extensions"))
    score = _dict(result.get("score"))
    verb = statement["verb"]["id"]
    raw_id = obj.get("id")
    object_id = raw_id if isinstance(raw_id, str) else ""
    course = course_key(statement)
    key = block_key(object_id) if obj.get("objectType") != "StatementRef" else ""
    mode = definition_ext.get(EXT_MODE) if verb in (REGISTERED, UNREGISTERED) else None
    start, end = navigation_positions(context_ext)
    success = result.get("success")
    classification = result_ext.get(EXT_GRADE_CLASS)
    attempt = _integer(definition_ext.get(EXT_ATTEMPT), *_UINT32)
    return (
        actor_id(statement["actor"]),
        course,
        org_of(course),
        verb,
        object_id,
        str(definition.get("type") or ""),
        key,
        block_type(key),
        str(mode) if mode else "",
        _number(result_ext.get(EXT_VIDEO_TIME)),
        _number(context_ext.get(EXT_VIDEO_LENGTH)),
        _number(result_ext.get(EXT_TIME_FROM)),
        _number(result_ext.get(EXT_TIME_TO)),
        start,
        end,
        success if isinstance(success, bool) else None,
        _number(score.get("raw")),
        _number(score.get("max")),
        _number(score.get("scaled")),
        attempt,
        str(classification) if classification else "",
        object_id if verb == VOIDED else None,
    )
