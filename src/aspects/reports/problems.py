"""Content performance (METRICS.md "Content performance"): per problem and per assignment."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from aspects.reports.numbers import pct, round_half_away
from aspects.reports.outline import Block
from aspects.reports.spec import Context, ReportSpec, register

_PERIOD = frozenset({"from", "to", "tz", "as_of"})


@dataclass(frozen=True)
class ProblemPerformanceRow:
    """One problem (``part`` null) or one part of a multi-part problem.

    ``name``, ``graded`` and the positions are null for a problem the structure does not list.
    """

    problem_id: str
    part: str | None
    name: str | None
    graded: bool | None
    section_position: int | None
    subsection_position: int | None
    learners_attempted: int
    submissions: int
    pct_correct: float | None
    pct_incorrect: float | None
    pct_first_attempt_correct: float | None
    pct_latest_correct: float | None
    mean_attempts: float | None
    median_attempts: float | None


@dataclass(frozen=True)
class AssignmentPerformanceRow:
    """One assignment (graded subsection): its learners, submissions and mean attempts."""

    block_id: str
    name: str
    learners_attempted: int
    submissions: int
    pct_correct: float | None
    pct_incorrect: float | None
    mean_attempts: float | None


def _mean(total: int, count: int) -> float | None:
    # Two decimals, rounded half away from zero from the exact value.
    return round_half_away(Fraction(total, count), 2) if count else None


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    n = len(values)
    return round_half_away(Fraction(values[(n - 1) // 2] + values[n // 2], 2), 2)


def _problems(rows: list[dict[str, Any]], context: Context) -> list[ProblemPerformanceRow]:
    """The outline's problems in course order, then any other with submissions, by id.

    A placed problem has its whole row (part null) whether or not it has submissions, then a
    row per part with submissions, by the part's length and text.
    """
    parts: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        parts.setdefault(row["problem_id"], []).append(row)
    placed = [b for b in context.outline.blocks if b.block_type == "problem"]
    out: list[ProblemPerformanceRow] = []
    for block in placed:
        found = parts.pop(block.location, [])
        if not any(row["part"] == "" for row in found):
            found.append({**_NO_SUBMISSIONS, "problem_id": block.location, "part": ""})
        out.extend(_problem_row(row, block) for row in _by_part(found))
    for problem in sorted(parts):
        out.extend(_problem_row(row, None) for row in _by_part(parts[problem]))
    return out


_NO_SUBMISSIONS = {
    "learners_attempted": 0,
    "submissions": 0,
    "correct": 0,
    "incorrect": 0,
    "first_correct": 0,
    "latest_correct": 0,
    "attempts": [],
}


def _by_part(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: (len(row["part"]), row["part"]))


def _problem_row(row: dict[str, Any], block: Block | None) -> ProblemPerformanceRow:
    learners, subs = row["learners_attempted"], row["submissions"]
    attempts = sorted(row["attempts"])
    return ProblemPerformanceRow(
        problem_id=row["problem_id"],
        part=row["part"] or None,
        name=block.name if block else None,
        graded=block.graded if block else None,
        section_position=block.section if block else None,
        subsection_position=(block.subsection or None) if block else None,
        learners_attempted=learners,
        submissions=subs,
        pct_correct=pct(row["correct"], subs),
        pct_incorrect=pct(row["incorrect"], subs),
        pct_first_attempt_correct=pct(row["first_correct"], learners),
        pct_latest_correct=pct(row["latest_correct"], learners),
        mean_attempts=_mean(sum(attempts), len(attempts)),
        median_attempts=_median(attempts),
    )


def _assignments(rows: list[dict[str, Any]], context: Context) -> list[AssignmentPerformanceRow]:
    """The outline's assignments in course order (by id at equal order: the outline's)."""
    counted = {row["assignment"]: row for row in rows}
    out = []
    for number, block in enumerate(context.outline.assignments(), start=1):
        row = counted.get(number)
        submissions = row["submissions"] if row else 0
        out.append(
            AssignmentPerformanceRow(
                block_id=block.location,
                name=block.name,
                learners_attempted=row["learners_attempted"] if row else 0,
                submissions=submissions,
                pct_correct=pct(row["correct"], submissions) if row else None,
                pct_incorrect=pct(row["incorrect"], submissions) if row else None,
                mean_attempts=_mean(row["attempts_sum"], row["learner_problems"]) if row else None,
            )
        )
    return out


def _assignment_binds(context: Context) -> dict[str, Any]:
    binds = context.outline.assignment_problems().binds()
    return {name: binds[name] for name in ("item_keys", "item_ids", "item_levels")}


PROBLEMS = register(
    ReportSpec(
        "problem-performance",
        "problems/performance",
        ProblemPerformanceRow,
        _problems,
        uses=_PERIOD,
        whole="problems/performance_whole",
        outline=True,
    )
)
ASSIGNMENTS = register(
    ReportSpec(
        "assignment-performance",
        "problems/assignments",
        AssignmentPerformanceRow,
        _assignments,
        uses=_PERIOD,
        whole="problems/assignments_whole",
        bind=_assignment_binds,
        outline=True,
    )
)
