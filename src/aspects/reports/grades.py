"""Grade reports (METRICS.md "Performance (grades)"): summary and distribution."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from aspects.reports.numbers import pct, pct_of_fraction, round_half_away
from aspects.reports.spec import Context, ReportSpec, register

NO_GRADE = "no grade yet"
# Bucket floors 0, 10, … 90; the last holds 100 % (METRICS.md "Grade distribution").
BUCKETS = tuple(range(0, 100, 10))


def bucket_label(floor: int) -> str:
    """``0-9%`` … ``80-89%``, ``90-100%``."""
    return "90-100%" if floor == 90 else f"{floor}-{floor + 9}%"


@dataclass(frozen=True)
class GradesSummaryRow:
    """Current enrollees, how many have a grade / pass, and the mean and median grade."""

    current_enrollees: int
    graded: int
    passing: int
    passing_pct: float | None
    mean_grade: float | None
    median_grade: float | None
    mean_grade_pct: float | None
    median_grade_pct: float | None


@dataclass(frozen=True)
class GradeDistributionRow:
    """Current enrollees in one grade bucket (or with no grade yet)."""

    bucket: str
    learners: int


def _grade(value: Decimal | None) -> float | None:
    # Four decimals: enough for a 0-1 grade; the percentages round the exact value.
    return None if value is None else round_half_away(value, 4)


def _summary(rows: list[dict[str, Any]], context: Context) -> list[GradesSummaryRow]:
    row = rows[0]
    mean, median = row["mean_grade"], row["median_grade"]
    return [
        GradesSummaryRow(
            row["current_enrollees"],
            row["graded"],
            row["passing"],
            pct(row["passing"], row["current_enrollees"]),
            _grade(mean),
            _grade(median),
            pct_of_fraction(mean),
            pct_of_fraction(median),
        )
    ]


def _distribution(rows: list[dict[str, Any]], context: Context) -> list[GradeDistributionRow]:
    counts = {row["bucket"]: row["learners"] for row in rows}
    out = [GradeDistributionRow(bucket_label(b), counts.get(b, 0)) for b in BUCKETS]
    out.append(GradeDistributionRow(NO_GRADE, counts.get(-1, 0)))
    return out


SUMMARY = register(
    ReportSpec(
        "grades-summary",
        "grades/summary",
        GradesSummaryRow,
        _summary,
        whole="grades/summary_whole",
    )
)
DISTRIBUTION = register(
    ReportSpec(
        "grade-distribution",
        "grades/distribution",
        GradeDistributionRow,
        _distribution,
        whole="grades/distribution_whole",
    )
)
