"""Engagement funnels (METRICS.md "Engagement"): pages, videos and problems per section.

One SQL model (``engagement/funnel``) serves the three reports; ``kind`` picks the items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aspects.reports.spec import Context, ReportSpec, register

_PERIOD = frozenset({"from", "to", "tz", "as_of"})


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


def _finish(rows: list[dict[str, Any]], context: Context) -> list[EngagementRow]:
    out = []
    for row in rows:
        some = row["items"] > 0
        out.append(
            EngagementRow(
                level=row["level"],
                block_id=row["block_id"],
                name=row["name"],
                position=row["position"],
                section_position=row["section_position"],
                items=row["items"],
                at_least_one=row["at_least_one"] if some else None,
                all=row["all_items"] if some else None,
                none_yet=row["none_yet"] if some else None,
            )
        )
    return out


def _binds(kind: str) -> Any:
    def bind(context: Context) -> dict[str, Any]:
        return {"kind": kind}

    return bind


PAGES, VIDEOS, PROBLEMS = (
    register(
        ReportSpec(
            f"engagement-{kind}",
            "engagement/funnel",
            EngagementRow,
            _finish,
            uses=_PERIOD,
            bind=_binds(kind),
            whole="engagement/funnel_whole",
            description=f"Learners engaging with {kind} per section and subsection.",
        )
    )
    for kind in ("pages", "videos", "problems")
)
