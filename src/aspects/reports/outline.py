"""A course's outline: its placed blocks, read once per report and laid out in Python.

Reports that have one row per section, subsection, video or problem used to join the
course's structure inside their SQL; the engine's analysis of those joins cost more than
their counting at every size (docs/benchmarks.md, session 6). They now read the outline with
one small query, bind the items they count as arrays, and build their rows from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from aspects.models import load_sql
from aspects.store import Store

Kind = Literal["pages", "videos", "problems"]


@dataclass(frozen=True)
class Block:
    """A placed block: its usage key, name, type and place (section, subsection, unit)."""

    location: str
    name: str
    block_type: str
    section: int
    subsection: int
    unit: int
    order: int
    graded: bool


@dataclass(frozen=True)
class Level:
    """A section (``sub`` 0) or a subsection of the outline."""

    level: Literal["section", "subsection"]
    block: Block
    section: int
    sub: int


@dataclass(frozen=True)
class Items:
    """The items of one kind, each with the levels (1-based indexes of ``levels``) it counts in.

    The arrays a report binds: ``keys`` (usage keys), ``levels_of`` (per item), and per level
    how many items it has (``per_level``).
    """

    keys: tuple[str, ...]
    levels_of: tuple[tuple[int, ...], ...]
    per_level: tuple[int, ...]

    def binds(self) -> dict[str, object]:
        """The bound values the item SQL reads."""
        return {
            "item_keys": list(self.keys),
            "item_ids": list(range(1, len(self.keys) + 1)),
            "item_levels": [list(levels) for levels in self.levels_of],
            "level_items": list(self.per_level),
            "levels": len(self.per_level),
        }


_KIND_TEST = {
    "pages": lambda b: b.block_type == "vertical" and b.unit > 0,
    "videos": lambda b: b.block_type == "video",
    "problems": lambda b: b.block_type == "problem",
}


@dataclass(frozen=True)
class Outline:
    """The placed blocks of a course's latest structure, in course order."""

    blocks: tuple[Block, ...]

    def levels(self) -> list[Level]:
        """Sections and subsections: by section, then subsection, then course order.

        A section is a chapter with subsection 0, a subsection a sequential inside one.
        """
        levels = [
            Level("section", b, b.section, 0)
            if b.block_type == "chapter"
            else Level("subsection", b, b.section, b.subsection)
            for b in self.blocks
            if (b.block_type == "chapter" and b.subsection == 0)
            or (b.block_type == "sequential" and b.subsection > 0)
        ]
        return sorted(levels, key=lambda lv: (lv.section, lv.sub, lv.block.order))

    def items(self, kind: Kind) -> Items:
        """The items of ``kind`` (units, videos, problems) and the levels each counts in.

        An item counts in its section and, when it has one, its subsection (METRICS.md
        "Engagement": a section's items include those placed directly under it).
        """
        return _placed(
            [(level.section, level.sub) for level in self.levels()],
            [b for b in self.blocks if _KIND_TEST[kind](b)],
            lambda b: sorted({(b.section, 0), (b.section, b.subsection)}),
        )

    def assignments(self) -> list[Block]:
        """The graded subsections, in course order."""
        return [
            b for b in self.blocks if b.block_type == "sequential" and b.graded and b.subsection > 0
        ]

    def assignment_problems(self) -> Items:
        """The problems in a subsection, each with the assignments (1-based) it is in."""
        return _placed(
            [(a.section, a.subsection) for a in self.assignments()],
            [b for b in self.blocks if b.block_type == "problem" and b.subsection > 0],
            lambda b: [(b.section, b.subsection)],
        )


def _placed(
    places: list[tuple[int, int]],
    blocks: list[Block],
    places_of: Callable[[Block], Iterable[tuple[int, int]]],
) -> Items:
    """``blocks`` as items of the levels at ``places`` (numbered from 1, in order).

    Each item counts in every level at one of its ``places_of``.
    """
    index: dict[tuple[int, int], list[int]] = {}
    for number, place in enumerate(places, start=1):
        index.setdefault(place, []).append(number)
    per_level = [0] * len(places)
    levels_of = []
    for block in blocks:
        numbers = tuple(n for place in places_of(block) for n in index.get(place, ()))
        for number in numbers:
            per_level[number - 1] += 1
        levels_of.append(numbers)
    return Items(tuple(b.location for b in blocks), tuple(levels_of), tuple(per_level))


def load_outline(store: Store, course_key: str) -> Outline:
    """The course's outline (empty when its structure is not known yet)."""
    rows = store.query(load_sql("structure/outline"), {"course_key": course_key})
    return Outline(tuple(Block(*row) for row in rows))
