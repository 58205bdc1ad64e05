"""A course's structure: sections, subsections, units, videos and problems, with usage keys."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from aspects.demo.catalog import COURSES, ORGS, QUESTIONS, SUBSECTION_KINDS, UNIT_KINDS
from aspects.demo.ids import DAY, WEEK_DAYS, Ids


@dataclass(frozen=True)
class Video:
    """A video component: its length and the "hard parts" learners re-watch."""

    key: str
    name: str
    length: float
    hotspots: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Problem:
    """A problem component; ``parts`` > 1 is a multi-question problem (parent + children)."""

    key: str
    name: str
    question: str
    parts: int
    difficulty: float
    graded: bool
    max_attempts: int  # 0: unlimited


@dataclass(frozen=True)
class Html:
    """A text component (viewing it shows only as navigation)."""

    key: str
    name: str


Component = Video | Problem | Html


@dataclass
class Unit:
    """A unit (vertical, a "page"): its 1-based position in its subsection."""

    key: str
    name: str
    position: int
    components: list[Component] = field(default_factory=list)


@dataclass
class Subsection:
    """A subsection (sequential); graded ones are assignments."""

    key: str
    name: str
    graded: bool
    units: list[Unit] = field(default_factory=list)


@dataclass
class Section:
    """A section (chapter)."""

    key: str
    name: str
    subsections: list[Subsection] = field(default_factory=list)


@dataclass
class Course:
    """One course run and its structure, in course order."""

    index: int
    key: str
    org: str
    number: str
    run: str
    name: str
    start: int  # epoch microseconds
    self_paced: bool
    passing: float
    letter_grades: tuple[tuple[str, float], ...]  # empty: Pass / Fail
    sections: list[Section] = field(default_factory=list)

    def usage_key(self, block_type: str, block_id: str) -> str:
        """``block-v1:Org+Num+Run+type@<type>+block@<id>``."""
        return f"block-v1:{self.org}+{self.number}+{self.run}+type@{block_type}+block@{block_id}"

    @cached_property
    def subsections(self) -> list[Subsection]:
        """Every subsection in course order."""
        return [sub for section in self.sections for sub in section.subsections]

    @cached_property
    def graded_problems(self) -> list[Problem]:
        """Every graded problem in course order (the course grade averages these)."""
        return [
            c
            for sub in self.subsections
            for unit in sub.units
            for c in unit.components
            if isinstance(c, Problem) and c.graded
        ]


def _video_length(rng: random.Random) -> float:
    # Lecture videos: mostly 3-10 minutes, a few short clips and a few long ones.
    return float(round(min(1800.0, max(30.0, rng.lognormvariate(5.9, 0.55)))))


def _hotspots(rng: random.Random, length: float) -> tuple[tuple[float, float], ...]:
    spots = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        start = round(rng.uniform(0.15, 0.8) * length, 1)
        spots.append((start, round(min(length - 1, start + rng.uniform(10, 45)), 1)))
    return tuple(sorted(spots))


def build_course(index: int, seed: int, now: int) -> Course:
    """Course ``index`` of the deployment, deterministic for ``seed`` (``now`` sets its run)."""
    rng = random.Random(f"{seed}/course/{index}")  # noqa: S311 - demo data, not security
    ids = Ids(seed)
    number, title, topics = COURSES[index % len(COURSES)]
    if index >= len(COURSES):
        number = f"{number}x{index // len(COURSES)}"
    weeks_ago = rng.randint(3, 12)
    start = now - weeks_ago * WEEK_DAYS * DAY - rng.randint(0, DAY)
    year = 1970 + start // (365 * DAY + DAY // 4)
    org = ORGS[index % len(ORGS)]
    run = f"{year}_T{1 + index % 3}"
    letters = (("A", 0.9), ("B", 0.8), ("C", 0.65)) if index % 3 == 1 else ()
    course = Course(
        index,
        f"course-v1:{org}+{number}+{run}",
        org,
        number,
        run,
        title,
        start,
        rng.random() < 0.4,
        0.65 if letters else 0.5,
        letters,
    )
    block = 0

    def key(kind: str) -> str:
        nonlocal block
        block += 1
        return course.usage_key(kind, ids.hex(f"{course.key}/{block}"))

    for s, topic in enumerate(topics[: rng.randint(4, len(topics))], start=1):
        section = Section(key("chapter"), f"Week {s}: {topic}")
        for kind in SUBSECTION_KINDS[: rng.randint(2, 4)]:
            graded = kind != "Overview" and rng.random() < 0.45
            name = f"{topic}: {'Assignment' if graded else kind}"
            sub = Subsection(key("sequential"), name, graded)
            for position in range(1, rng.randint(2, 6) + 1):
                kind_name = UNIT_KINDS[(position - 1) % len(UNIT_KINDS)]
                unit = Unit(key("vertical"), f"{kind_name} {s}.{position}", position)
                _fill(unit, rng, graded, key)
                sub.units.append(unit)
            section.subsections.append(sub)
        course.sections.append(section)
    return course


def _fill(unit: Unit, rng: random.Random, graded: bool, make: Callable[[str], str]) -> None:
    """Components of a unit: graded units hold problems, others videos, text and practice."""
    roll = rng.random()
    if graded or roll < 0.3:
        unit.components.append(Html(make("html"), f"{unit.name} notes"))
    if not graded and roll < 0.75:
        length = _video_length(rng)
        unit.components.append(
            Video(make("video"), f"{unit.name} video", length, _hotspots(rng, length))
        )
    if graded or rng.random() < 0.35:
        for _ in range(rng.choice((1, 1, 2, 3)) if graded else 1):
            parts = rng.choice((1, 1, 1, 2, 3, 4))
            unit.components.append(
                Problem(
                    make("problem"),
                    f"{unit.name} question" if parts == 1 else f"{unit.name} questions",
                    rng.choice(QUESTIONS),
                    parts,
                    rng.gauss(0.0, 0.8),
                    graded,
                    rng.choice((1, 2, 3, 3)) if graded else 0,
                )
            )
    if not unit.components:
        unit.components.append(Html(make("html"), f"{unit.name} notes"))
