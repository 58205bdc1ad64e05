"""The course structure model: ordered sections → subsections → units and the blocks in them.

METRICS.md "Course structure": a section is a chapter, a subsection a sequential, a unit a
vertical; every other block belongs to the unit, subsection and section whose positions contain
it. The positions are those platform-plugin-aspects writes in ``xblock_data_json``
(``course_overview_sink.py``: counters over a depth-first walk of the published course, the
subsection counter restarting in each section and the unit counter in each subsection; detached
blocks get 0/0/0). The latest published dump of the course wins (``latest_course_blocks``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from aspects.models import load_sql
from aspects.store import Store

VIDEO_TYPES = frozenset({"video"})
PROBLEM_TYPES = frozenset({"problem"})
_CONTAINERS = {"course", "chapter", "sequential", "vertical"}


@dataclass(frozen=True)
class Block:
    """One block as published: its key, type, name, graded flag and positions (0 = none)."""

    usage_key: str
    block_type: str
    display_name: str
    graded: bool
    section: int
    subsection: int
    unit: int
    position_in_course: int


@dataclass
class Unit:
    """A unit (vertical, a "page") and the blocks in it, in course order."""

    block: Block
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Subsection:
    """A subsection (sequential): its units, and blocks placed in it outside any unit."""

    block: Block
    units: list[Unit] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def all_blocks(self) -> Iterator[Block]:
        """Every non-container block in this subsection, in course order."""
        yield from self.blocks
        for unit in self.units:
            yield from unit.blocks


@dataclass
class Section:
    """A section (chapter): its subsections, and blocks placed in it outside any subsection."""

    block: Block
    subsections: list[Subsection] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def all_blocks(self) -> Iterator[Block]:
        """Every non-container block in this section, in course order."""
        yield from self.blocks
        for subsection in self.subsections:
            yield from subsection.all_blocks()


@dataclass(frozen=True)
class Placement:
    """Where a block sits; None where it sits outside that level."""

    section: Section | None
    subsection: Subsection | None
    unit: Unit | None


@dataclass
class CourseStructure:
    """A course's latest published structure; empty with ``names_missing`` when none is known."""

    course_key: str
    display_name: str = ""
    sections: list[Section] = field(default_factory=list)
    names_missing: bool = True
    blocks: dict[str, Block] = field(default_factory=dict)
    placements: dict[str, Placement] = field(default_factory=dict)

    def block(self, usage_key: str) -> Block | None:
        """The block with this usage key, or None."""
        return self.blocks.get(usage_key)

    def placement(self, usage_key: str) -> Placement | None:
        """The section / subsection / unit holding this block, or None if it is not placed."""
        return self.placements.get(usage_key)

    def of_types(self, types: frozenset[str]) -> list[Block]:
        """Placed blocks of these types, in course order."""
        return [b for s in self.sections for b in s.all_blocks() if b.block_type in types]

    @property
    def videos(self) -> list[Block]:
        """Every placed video, in course order."""
        return self.of_types(VIDEO_TYPES)

    @property
    def problems(self) -> list[Block]:
        """Every placed problem, in course order."""
        return self.of_types(PROBLEM_TYPES)


def _build(structure: CourseStructure, blocks: list[Block]) -> None:
    sections: dict[int, Section] = {}
    subsections: dict[tuple[int, int], Subsection] = {}
    units: dict[tuple[int, int, int], Unit] = {}
    for b in blocks:  # containers first, so a leaf finds them whatever the row order
        if b.block_type == "chapter" and b.section:
            sections[b.section] = Section(b)
        elif b.block_type == "sequential" and b.subsection:
            subsections[(b.section, b.subsection)] = Subsection(b)
        elif b.block_type == "vertical" and b.unit:
            units[(b.section, b.subsection, b.unit)] = Unit(b)
    for (s, _), subsection in sorted(subsections.items()):
        if s in sections:
            sections[s].subsections.append(subsection)
    for (s, ss, _), unit in sorted(units.items()):
        if (s, ss) in subsections:
            subsections[(s, ss)].units.append(unit)
    structure.sections = [sections[k] for k in sorted(sections)]
    for b in blocks:
        in_section = sections.get(b.section)
        in_subsection = subsections.get((b.section, b.subsection))
        in_unit = units.get((b.section, b.subsection, b.unit))
        if b.block_type in _CONTAINERS:
            if b.block_type != "course" and in_section is not None:
                placement = Placement(in_section, in_subsection, in_unit)
                structure.placements[b.usage_key] = placement
            continue
        # The deepest container whose positions contain the block (METRICS.md).
        if in_section is None:
            continue  # detached (0/0/0) or positions with no container: not placed
        if in_subsection is None:
            in_section.blocks.append(b)
            in_unit = None
        elif in_unit is None:
            in_subsection.blocks.append(b)
        else:
            in_unit.blocks.append(b)
        structure.placements[b.usage_key] = Placement(in_section, in_subsection, in_unit)


def course_structure(store: Store, course_key: str) -> CourseStructure:
    """The latest published structure of ``course_key`` (empty, ``names_missing``, if unknown)."""
    params = {"course_key": course_key}
    rows = store.query_dicts(load_sql("structure/course_blocks"), params)
    blocks = [
        Block(
            usage_key=r["usage_key"],
            block_type=r["block_type"],
            display_name=r["display_name"],
            graded=bool(r["graded"]),
            section=r["section"],
            subsection=r["subsection"],
            unit=r["unit"],
            position_in_course=r["position_in_course"],
        )
        for r in rows
    ]
    names = store.query(load_sql("structure/course_name"), params)
    course_block = next((b for b in blocks if b.block_type == "course"), None)
    display_name = names[0][0] if names else (course_block.display_name if course_block else "")
    structure = CourseStructure(course_key, display_name, names_missing=not blocks)
    structure.blocks = {b.usage_key: b for b in blocks}
    _build(structure, blocks)
    return structure
