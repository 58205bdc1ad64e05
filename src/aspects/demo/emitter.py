"""Fills a course's templates for one learner: ids, session, timestamps; never in the future."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aspects.demo.course import Course
from aspects.demo.ids import Clock, Ids
from aspects.demo.statements import CourseTemplates
from aspects.demo.templates import Template, escape

FORUM_THREADS = 12  # threads per course that learners answer in


@dataclass
class CourseRun:
    """A course with its templates and the ids the simulation reuses."""

    course: Course
    templates: CourseTemplates
    threads: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # usage key → JSON-escaped name

    @classmethod
    def build(cls, course: Course, ids: Ids) -> CourseRun:
        """Templates and forum threads of ``course``."""
        run = cls(course, CourseTemplates(course.key, escape(course.name)))
        run.threads = [ids.hex(f"{course.key}/thread/{i}", 24) for i in range(FORUM_THREADS)]
        for sub in course.subsections:
            run.names[sub.key] = escape(sub.name)
            for unit in sub.units:
                for component in unit.components:
                    run.names[component.key] = escape(component.name)
        return run


class Emitter:
    """Appends one learner's statements in one course to ``out`` as JSON lines.

    Statement ids are ``uuid5(seed/<course>/<user>/<n>)``: the n-th statement of a learner in a
    course gets the same id on every run with the same seed.
    """

    __slots__ = ("_clock", "_count", "_ids", "_prefix", "_uuid5", "actor", "now", "out", "session")

    def __init__(
        self, ids: Ids, clock: Clock, actor: str, prefix: str, now: int, out: list[str]
    ) -> None:
        self._ids = ids
        self._clock = clock
        self._count = 0
        self._prefix = prefix
        self._uuid5 = ids.prefixed(prefix)
        self.actor = actor
        self.now = now
        self.out = out
        self.session = ""

    def new_session(self, name: str) -> None:
        """A new browser session (ERB's session-id extension)."""
        self.session = self._ids.hex(self._prefix + name)

    def __call__(self, template: Template, at: int, *values: Any) -> str:
        """Emit one statement at ``at`` (epoch µs); returns its id ("" when in the future)."""
        if at > self.now:
            return ""
        self._count += 1
        statement_id = self._uuid5(b"%d" % self._count)
        values = (statement_id, self.actor, self.session, self._clock.iso(at), *values)
        self.out.append(template.text % template.pick(values))
        return statement_id

    def hex(self, name: str, size: int = 24) -> str:
        """A deterministic hex id for this learner (forum posts)."""
        return self._ids.hex(self._prefix + name, size)
