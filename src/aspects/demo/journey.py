"""One learner's time in one course: enrollment, study sessions, grades, forum, leaving."""

from __future__ import annotations

import random
from dataclasses import dataclass

from aspects.demo.activity import answer, watch
from aspects.demo.catalog import THREAD_TITLES
from aspects.demo.course import Problem, Subsection, Video
from aspects.demo.emitter import CourseRun, Emitter
from aspects.demo.ids import DAY, HOUR, MINUTE, SECOND
from aspects.demo.people import Learner, choose_track


@dataclass(frozen=True)
class EnrollmentChange:
    """An enrollment state the LMS would dump to ``course_enrollment``."""

    time: int
    active: bool
    mode: str


def _enrolled_at(rng: random.Random, start: int, now: int) -> int:
    """A third enroll in the four weeks before the start, the rest after it, fading out."""
    for _ in range(8):
        if rng.random() < 0.35:
            t = start - int(rng.uniform(0, 28) * DAY)
        else:
            t = start + int(rng.expovariate(1 / 16) * DAY)
        if t < now - HOUR:
            return min(t + rng.randint(0, DAY), now - HOUR)
    return now - rng.randint(HOUR, 3 * DAY)


class Journey:
    """Simulates a learner in a course; statements go to ``emit``."""

    def __init__(self, run: CourseRun, learner: Learner, emit: Emitter, rng: random.Random):
        self.run, self.learner, self.emit, self.rng = run, learner, emit, rng
        self.scores: dict[str, float] = {}
        self.passed = False
        self.sessions = 0
        self.posts = 0
        self.changes: list[EnrollmentChange] = []

    def live(self) -> list[EnrollmentChange]:
        """Run the whole journey; returns the enrollment changes in time order."""
        rng, emit = self.rng, self.emit
        subsections = self.run.course.subsections
        t = _enrolled_at(rng, self.run.course.start, emit.now)
        mode = choose_track(rng)
        self._enroll(t, True, mode)
        keen = min(1.0, self.learner.diligence * rng.uniform(0.7, 1.3))
        if rng.random() < 0.10 + 0.2 * (1 - keen):
            goal = 0  # enrolled, never came back beyond the course home page
        elif rng.random() < 0.25 + 0.45 * keen:
            goal = len(subsections)
        else:
            goal = rng.randint(1, max(1, len(subsections) - 1))
        t += rng.randint(MINUTE, 3 * HOUR)
        done = 0
        while done < goal and t < emit.now - 8 * HOUR:
            t, done = self._session(t, done, goal, keen)
            if mode == "audit" and self.sessions == 2 and rng.random() < 0.2:
                mode = "verified"  # upgraded: ERB sends a new registered with the new mode
                self._enroll(t + rng.randint(MINUTE, HOUR), True, mode)
            t += int(rng.expovariate(1 / (0.6 + 4 * (1 - keen))) * DAY) + rng.randint(HOUR, DAY)
        if done < len(subsections) and rng.random() < 0.3:
            t += int(rng.expovariate(1 / 6) * DAY)
            if t < emit.now:
                self._enroll(t, False, mode)
                t += int(rng.expovariate(1 / 8) * DAY) + HOUR
                if rng.random() < 0.25 and t < emit.now - 8 * HOUR:
                    self._enroll(t, True, mode)  # came back
                    if done < len(subsections):
                        self._session(t + rng.randint(MINUTE, HOUR), done, done + 1, keen)
        return self.changes

    def _enroll(self, t: int, active: bool, mode: str) -> None:
        tpl = self.run.templates
        self.emit.new_session(f"enroll{len(self.changes)}")
        if self.emit(tpl.registered if active else tpl.unregistered, t, mode):
            self.changes.append(EnrollmentChange(t, active, mode))

    def _session(self, t: int, done: int, goal: int, keen: float) -> tuple[int, int]:
        rng, emit = self.rng, self.emit
        self.sessions += 1
        emit.new_session(f"s{self.sessions}")
        graded_before = len(self.scores), sum(self.scores.values())
        subsections = self.run.course.subsections
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            if done >= goal:
                break
            sub = subsections[done]
            leave = (
                rng.randint(1, len(sub.units))
                if done == goal - 1 and goal < len(subsections)
                else 0
            )
            t = self._subsection(sub, t, leave, keen)
            done += 1
        if rng.random() < 0.04 + 0.08 * keen:
            self._forum(t + rng.randint(MINUTE, 10 * MINUTE))
        if (len(self.scores), sum(self.scores.values())) != graded_before:
            self._grade(t + rng.randint(SECOND, 30 * SECOND))
        return t, done

    def _subsection(self, sub: Subsection, t: int, leave: int, keen: float) -> int:
        rng, emit, tpl = self.rng, self.emit, self.run.templates
        total = len(sub.units)
        emit(tpl.jump_to, t, sub.key, self.run.names[sub.key])  # from the course outline
        position = 1
        while position <= total:
            unit = sub.units[position - 1]
            t += rng.randint(5 * SECOND, 40 * SECOND)
            for component in unit.components:
                if isinstance(component, Video):
                    t = watch(self.run, component, t, rng, emit, keen)
                elif isinstance(component, Problem):
                    t = answer(self.run, component, t, rng, emit, self.learner.ability, self.scores)
                else:
                    t += rng.randint(MINUTE, 6 * MINUTE)  # reading
            if position == leave or position == total:
                break
            roll = rng.random()
            if roll < 0.06 and position > 1:  # back to the previous unit, then on again
                emit(tpl.previous, t, sub.key, total, position)
                t += rng.randint(20 * SECOND, 3 * MINUTE)
                emit(tpl.next, t, sub.key, total, position - 1)
                t += rng.randint(5 * SECOND, 30 * SECOND)
            if roll > 0.95 and position + 2 <= total:  # a tab of the unit bar: skips a unit
                emit(tpl.tab, t, sub.key, total, position, position + 2)
                position += 2
            else:
                emit(tpl.next, t, sub.key, total, position)
                position += 1
        return t + rng.randint(10 * SECOND, 2 * MINUTE)

    def _grade(self, t: int) -> None:
        course, emit, tpl = self.run.course, self.emit, self.run.templates
        graded = len(course.graded_problems) or 1
        grade = round(sum(self.scores.values()) / graded, 2)
        letter = next((name for name, cut in course.letter_grades if grade >= cut), "")
        passing = grade >= course.passing
        label = (letter or "Pass") if passing else "Fail"
        emit(tpl.earned, t, repr(grade), label)
        if passing != self.passed:  # ERB sends edx.course.grade.now_passed / now_failed
            emit(
                tpl.passed if passing else tpl.failed,
                t + 1000,
            )
            self.passed = passing

    def _forum(self, t: int) -> None:
        rng, emit, tpl = self.rng, self.emit, self.run.templates
        self.posts += 1
        if rng.random() < 0.35:
            emit(tpl.thread, t, emit.hex(f"thread{self.posts}"), rng.choice(THREAD_TITLES))
        else:
            thread = rng.choice(self.run.threads)
            emit(tpl.response, t, emit.hex(f"comment{self.posts}"), thread)
