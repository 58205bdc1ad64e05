"""Engagement funnels (METRICS.md "Engagement"): pages, videos and problems per section.

One SQL model (``engagement/funnel``) serves the three reports over a period, ``kind``
picking the items; over the whole history each reads its learner facts
(``engagement/<kind>_whole``). Both count, per level of the course outline, the learners
engaging with its items (``engagement/learner_levels``); the rows are laid out here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aspects.reports.outline import Kind
from aspects.reports.spec import Context, ReportSpec, register

_PERIOD = frozenset({"from", "to", "tz", "as_of"})
_KINDS: tuple[Kind, ...] = ("pages", "videos", "problems")


@dataclass(frozen=True)
class EngagementRow:
    """One section or subsection: its items and how many learners engaged with them.

    ``at_least_one``, ``all`` and ``none_yet`` are null when the level has no items of the
    kind (METRICS.md: shown as "—", not 0 %).
    """

    level: str
    block_id: str
    name: str
    position: int
    section_position: int
    items: int
    at_least_one: int | None
    all: int | None
    none_yet: int | None


def _counts(rows: list[dict[str, Any]], levels: int) -> tuple[list[int], ...]:
    """The SQL's one row of per-level arrays (none when nobody engaged) as four lists."""
    row = rows[0] if rows else {}
    current = int(row.get("current_count", 0))
    arrays = [row.get(name) or [0] * levels for name in _ARRAYS]
    return (*(list(a) for a in arrays), [current] * levels)


_ARRAYS = ("at_least_one", "all_items", "current_engaged")


def _finisher(kind: Kind) -> Any:
    def finish(rows: list[dict[str, Any]], context: Context) -> list[EngagementRow]:
        levels, items = context.outline.levels(), context.outline.items(kind)
        some, every, current_engaged, current = _counts(rows, len(levels))
        out = []
        for i, level in enumerate(levels):
            count = items.per_level[i]
            out.append(
                EngagementRow(
                    level=level.level,
                    block_id=level.block.location,
                    name=level.block.name,
                    position=level.section if level.level == "section" else level.sub,
                    section_position=level.section,
                    items=count,
                    at_least_one=some[i] if count else None,
                    all=every[i] if count else None,
                    none_yet=current[i] - current_engaged[i] if count else None,
                )
            )
        return out

    return finish


def _binds(kind: Kind) -> Any:
    def bind(context: Context) -> dict[str, Any]:
        return {"kind": kind, **context.outline.items(kind).binds()}

    return bind


PAGES, VIDEOS, PROBLEMS = (
    register(
        ReportSpec(
            f"engagement-{kind}",
            "engagement/funnel",
            EngagementRow,
            _finisher(kind),
            uses=_PERIOD,
            bind=_binds(kind),
            whole=f"engagement/{kind}_whole",
            outline=True,
            description=f"Learners engaging with {kind} per section and subsection.",
        )
    )
    for kind in _KINDS
)
