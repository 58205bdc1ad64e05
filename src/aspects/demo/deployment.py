"""A whole demo deployment: courses, then learner after learner with all they did."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from aspects.demo.course import build_course
from aspects.demo.emitter import CourseRun, Emitter
from aspects.demo.ids import MINUTE, Clock, Ids, to_micros
from aspects.demo.journey import Journey
from aspects.demo.lms_rows import Row, course_blocks, course_overview, enrollment_row, learner_rows
from aspects.demo.people import Learner, build_learner, choose_courses


@dataclass
class LearnerData:
    """One learner: their statements (JSON lines) and LMS rows as (table, row)."""

    learner: Learner
    statements: list[str] = field(default_factory=list)
    rows: list[tuple[str, Row]] = field(default_factory=list)
    tracks: dict[str, str] = field(default_factory=dict)  # course key → latest mode


class Deployment:
    """An Open edX instance with ``courses`` courses, deterministic for ``seed`` and ``now``.

    Learner ``i`` is the same whatever the number of learners asked for, so a bigger demo
    extends a smaller one; everything happens before ``now``.
    """

    def __init__(self, courses: int, seed: int, now: datetime) -> None:
        if courses < 1:
            raise ValueError("a deployment needs at least one course")
        self.seed = seed
        self.now = to_micros(now)
        self.ids = Ids(seed)
        self.clock = Clock()
        self.runs = [
            CourseRun.build(build_course(i, seed, self.now), self.ids) for i in range(courses)
        ]

    def course_rows(self) -> Iterator[tuple[str, Row]]:
        """``course_overviews`` and ``course_blocks`` rows of every course."""
        for run in self.runs:
            yield "course_overviews", course_overview(run.course, self.ids, self.clock)
            for row in course_blocks(run.course, self.ids, self.clock):
                yield "course_blocks", row

    def learner(self, index: int) -> LearnerData:
        """Learner ``index`` (0-based) and everything they did in their courses."""
        learner = build_learner(index, self.seed)
        data = LearnerData(learner)
        rng = random.Random(f"{self.seed}/enrollments/{index}")  # noqa: S311 - demo data
        joined = self.now
        for c in choose_courses(rng, len(self.runs)):
            run = self.runs[c]
            prefix = f"{c}/{learner.user_id}/"
            emit = Emitter(self.ids, self.clock, learner.xapi_id, prefix, self.now, data.statements)
            journey_rng = random.Random(f"{self.seed}/journey/{c}/{index}")  # noqa: S311
            changes = Journey(run, learner, emit, journey_rng).live()
            if not changes:
                continue
            joined = min(joined, changes[0].time)
            data.tracks[run.course.key] = changes[-1].mode
            row = enrollment_row(learner, run.course, changes, self.ids, self.clock)
            data.rows.append(("course_enrollment", row))
        data.rows.extend(learner_rows(learner, joined - 10 * MINUTE, self.ids, self.clock))
        return data
