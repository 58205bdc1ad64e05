"""Rows shaped as platform-plugin-aspects' serializers produce them, for the five tables.

Values are the Python objects ``serializer.data`` holds before the sink writes its CSV
(``platform_plugin_aspects/sinks/serializers.py``): DRF renders model datetimes as ISO 8601
with ``Z``; ``course_start``/``course_end`` are CharFields, so ``str(datetime)``; ``dump_id`` is
a ``uuid.UUID`` and ``time_last_dumped`` is ``timezone.now()``, a datetime.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

COURSE = "course-v1:Org+Demo+2026"
DUMPED = datetime(2026, 1, 10, 9, 30, 0, 123456, tzinfo=UTC)
EXTERNAL = "5f0c2c55-2d63-4d5e-9d4b-6a1c3b2f1e01"


def key(block_type: str, name: str, course: str = COURSE) -> str:
    """A usage key in this course."""
    return f"block-v1:{course.removeprefix('course-v1:')}+type@{block_type}+block@{name}"


def block(
    block_type: str,
    name: str,
    display_name: str,
    positions: tuple[int, int, int],
    order: int,
    graded: int = 0,
    dump_id: uuid.UUID | None = None,
    dumped: datetime = DUMPED,
    course: str = COURSE,
) -> dict[str, Any]:
    """One course_blocks row as XBlockSink.serialize_item leaves it."""
    section, subsection, unit = positions
    data = {
        "course": "Demo",
        "run": "2026",
        "block_type": block_type,
        "detached": 0,
        "graded": graded,
        "completion_mode": "completable" if block_type in ("video", "problem") else "aggregator",
        "section": section,
        "subsection": subsection,
        "unit": unit,
        "tags": {},
    }
    return {
        "org": "Org",
        "course_key": course,
        "location": key(block_type, name, course),
        "display_name": display_name,
        "xblock_data_json": json.dumps(data),
        "order": order,
        "edited_on": "2026-01-09 17:00:00.500000+00:00",
        "dump_id": dump_id or uuid.UUID(int=1),
        "time_last_dumped": dumped,
    }


def overview(**changes: Any) -> dict[str, Any]:
    """One course_overviews row (CourseOverviewSerializer)."""
    row = {
        "org": "Org",
        "course_key": COURSE,
        "display_name": "Demo Course",
        "course_start": "2026-01-05 00:00:00+00:00",
        "course_end": None,
        "enrollment_start": "2025-12-01T00:00:00Z",
        "enrollment_end": None,
        "self_paced": True,
        "course_data_json": json.dumps({"lowest_passing_grade": 0.5, "language": "en"}),
        "created": "2025-11-20T08:00:00.250000Z",
        "modified": "2026-01-09T17:00:00.500000Z",
        "dump_id": uuid.UUID(int=1),
        "time_last_dumped": DUMPED,
    }
    row.update(changes)
    return row


def enrollment(**changes: Any) -> dict[str, Any]:
    """One course_enrollment row (CourseEnrollmentSerializer)."""
    row = {
        "id": 41,
        "course_key": COURSE,
        "created": "2026-01-06T12:00:00Z",
        "is_active": True,
        "mode": "verified",
        "username": "ada",
        "user_id": 7,
        "dump_id": uuid.UUID(int=2),
        "time_last_dumped": DUMPED,
    }
    row.update(changes)
    return row


def external_id(**changes: Any) -> dict[str, Any]:
    """One external_id row (UserExternalIDSerializer)."""
    row = {
        "external_user_id": uuid.UUID(EXTERNAL),
        "external_id_type": "xapi",
        "username": "ada",
        "user_id": 7,
        "dump_id": uuid.UUID(int=3),
        "time_last_dumped": DUMPED,
    }
    row.update(changes)
    return row


def profile(**changes: Any) -> dict[str, Any]:
    """One user_profile row (UserProfileSerializer)."""
    row = {
        "id": 70,
        "user_id": 7,
        "name": "Ada Lovelace",
        "username": "ada",
        "email": "ada@example.org",
        "meta": "",
        "courseware": "course.xml",
        "language": "",
        "location": "",
        "year_of_birth": None,
        "gender": "f",
        "level_of_education": "b",
        "mailing_address": None,
        "city": "London",
        "country": "GB",
        "state": None,
        "goals": 'Learn, "compute"\nand write',
        "bio": "",
        "profile_image_uploaded_at": None,
        "phone_number": None,
        "dump_id": uuid.UUID(int=4),
        "time_last_dumped": DUMPED,
    }
    row.update(changes)
    return row


ONE_ROW = {
    "course_overviews": overview,
    "course_blocks": lambda: block("course", "course", "Demo Course", (0, 0, 0), 1),
    "course_enrollment": enrollment,
    "external_id": external_id,
    "user_profile": profile,
}


def sink_csv(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """The body BaseSink.send_item posts: one CSV line per row, values in serializer order."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        writer.writerow(row.values())
    return out.getvalue().encode("utf-8")
