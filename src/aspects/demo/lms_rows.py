"""The demo's LMS data as event_sink rows: course overviews and blocks, users, enrollments.

Rows are dicts keyed by the column names of :data:`aspects.lms.tables.TABLES` (the
platform-plugin-aspects serializers' fields). Dump ids are UUID5s and dump times derive from the
data, so a rerun produces the same rows and the demo can skip dumps it already stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from aspects.demo.catalog import EDUCATION, GENDERS, GOALS, LANGUAGES
from aspects.demo.course import Course, Html, Problem, Video
from aspects.demo.ids import DAY, HOUR, MINUTE, WEEK_DAYS, Clock, Ids
from aspects.demo.journey import EnrollmentChange
from aspects.demo.people import Learner

Row = dict[str, Any]
_KINDS: dict[type, str] = {Video: "video", Problem: "problem", Html: "html"}


def course_overview(course: Course, ids: Ids, clock: Clock) -> Row:
    """The ``course_overviews`` row of a course, dumped when it was last published."""
    published = course.start - 2 * DAY
    weeks = max(4, len(course.sections))
    data: dict[str, Any] = {
        "advertised_start": "",
        "announcement": None,
        "lowest_passing_grade": course.passing,
        "invitation_only": False,
        "max_student_enrollments_allowed": None,
        "effort": "4:00",
        "enable_proctored_exams": False,
        "entrance_exam_enabled": False,
        "external_id": "",
        "language": "en",
        "tags": {},
    }
    return {
        "org": course.org,
        "course_key": course.key,
        "display_name": course.name,
        "course_start": clock.sql(course.start),
        "course_end": clock.sql(course.start + (weeks + 4) * WEEK_DAYS * DAY),
        "enrollment_start": clock.sql(course.start - 30 * DAY),
        "enrollment_end": None,
        "self_paced": course.self_paced,
        "course_data_json": json.dumps(data),
        "created": clock.sql(course.start - 60 * DAY),
        "modified": clock.sql(published),
        "dump_id": ids.uuid5(f"dump/course/{course.key}"),
        "time_last_dumped": clock.sql(published + MINUTE),
    }


def course_blocks(course: Course, ids: Ids, clock: Clock) -> list[Row]:
    """The ``course_blocks`` rows of one publish, in course order with sink positions.

    Positions follow ``XBlockSink.serialize_item``: section, subsection and unit counters reset
    as chapters, sequentials and verticals go by; components take their unit's.
    """
    published = course.start - 2 * DAY
    dump_id, dumped = ids.uuid5(f"dump/course/{course.key}"), clock.sql(published + MINUTE)
    rows: list[Row] = []

    def add(key: str, name: str, kind: str, graded: bool, where: tuple[int, int, int]) -> None:
        data = {
            "course": course.number,
            "run": course.run,
            "block_type": kind,
            "detached": 0,
            "graded": int(graded),
            "completion_mode": "completable" if kind in ("video", "problem", "html") else "",
            "section": where[0],
            "subsection": where[1],
            "unit": where[2],
        }
        rows.append(
            {
                "org": course.org,
                "course_key": course.key,
                "location": key,
                "display_name": name,
                "xblock_data_json": json.dumps(data),
                "order": len(rows) + 1,
                "edited_on": clock.sql(published - HOUR),
                "dump_id": dump_id,
                "time_last_dumped": dumped,
            }
        )

    add(course.usage_key("course", "course"), course.name, "course", False, (0, 0, 0))
    for s, section in enumerate(course.sections, start=1):
        add(section.key, section.name, "chapter", False, (s, 0, 0))
        for b, sub in enumerate(section.subsections, start=1):
            add(sub.key, sub.name, "sequential", sub.graded, (s, b, 0))
            for unit in sub.units:
                add(unit.key, unit.name, "vertical", sub.graded, (s, b, unit.position))
                for c in unit.components:
                    graded = isinstance(c, Problem) and c.graded
                    add(c.key, c.name, _KINDS[type(c)], graded, (s, b, unit.position))
    return rows


def learner_rows(
    learner: Learner, joined: int, ids: Ids, clock: Clock
) -> Iterator[tuple[str, Row]]:
    """``external_id`` and ``user_profile`` rows of a learner who registered at ``joined``."""
    dumped = clock.sql(joined)
    pick = learner.user_id
    yield (
        "external_id",
        {
            "external_user_id": learner.xapi_id,
            "external_id_type": "xapi",
            "username": learner.username,
            "user_id": learner.user_id,
            "dump_id": ids.uuid5(f"dump/external_id/{learner.user_id}"),
            "time_last_dumped": dumped,
        },
    )
    country, city, state = learner.place
    yield (
        "user_profile",
        {
            "id": learner.user_id,
            "user_id": learner.user_id,
            "name": learner.name,
            "username": learner.username,
            "email": learner.email,
            "meta": "",
            "courseware": "course.xml",
            "language": LANGUAGES[pick % len(LANGUAGES)],
            "location": "",
            "year_of_birth": learner.year_of_birth,
            "gender": GENDERS[pick % len(GENDERS)],
            "level_of_education": EDUCATION[pick % len(EDUCATION)],
            "mailing_address": "",
            "city": city,
            "country": country,
            "state": state,
            "goals": GOALS[pick % len(GOALS)],
            "bio": "",
            "profile_image_uploaded_at": None,
            "phone_number": "",
            "dump_id": ids.uuid5(f"dump/user_profile/{learner.user_id}"),
            "time_last_dumped": dumped,
        },
    )


def enrollment_row(
    learner: Learner, course: Course, changes: list[EnrollmentChange], ids: Ids, clock: Clock
) -> Row:
    """The ``course_enrollment`` row of the latest change (the table keeps only the latest)."""
    enrollment_id = learner.user_id * 1000 + course.index + 1
    latest = changes[-1]
    return {
        "id": enrollment_id,
        "course_key": course.key,
        "created": clock.sql(changes[0].time),
        "is_active": latest.active,
        "mode": latest.mode,
        "username": learner.username,
        "user_id": learner.user_id,
        "dump_id": ids.uuid5(f"dump/enrollment/{enrollment_id}/{len(changes)}"),
        "time_last_dumped": clock.sql(latest.time),
    }
