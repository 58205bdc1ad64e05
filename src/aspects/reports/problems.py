"""Content performance (METRICS.md "Content performance"): per problem and per assignment."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from aspects.reports.numbers import pct, round_half_away
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
    out = []
    for row in rows:
        learners, subs = row["learners_attempted"], row["submissions"]
        attempts = sorted(row["attempts"])
        out.append(
            ProblemPerformanceRow(
                problem_id=row["problem_id"],
                part=row["part"],
                name=row["name"],
                graded=row["graded"],
                section_position=row["section_position"],
                subsection_position=row["subsection_position"],
                learners_attempted=learners,
                submissions=subs,
                pct_correct=pct(row["correct"], subs),
                pct_incorrect=pct(row["incorrect"], subs),
                pct_first_attempt_correct=pct(row["first_correct"], learners),
                pct_latest_correct=pct(row["latest_correct"], learners),
                mean_attempts=_mean(sum(attempts), len(attempts)),
                median_attempts=_median(attempts),
            )
        )
    return out


def _assignments(rows: list[dict[str, Any]], context: Context) -> list[AssignmentPerformanceRow]:
    return [
        AssignmentPerformanceRow(
            block_id=row["block_id"],
            name=row["name"],
            learners_attempted=row["learners_attempted"],
            submissions=row["submissions"],
            pct_correct=pct(row["correct"], row["submissions"]),
            pct_incorrect=pct(row["incorrect"], row["submissions"]),
            mean_attempts=_mean(row["attempts_sum"], row["learner_problems"]),
        )
        for row in rows
    ]


PROBLEMS = register(
    ReportSpec(
        "problem-performance",
        "problems/performance",
        ProblemPerformanceRow,
        _problems,
        uses=_PERIOD,
        whole="problems/performance_whole",
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
    )
)
