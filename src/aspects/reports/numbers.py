"""Exact rounding for report numbers: percentages from counts, half away from zero."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def round_half_away(value: Fraction | Decimal | int, places: int) -> float:
    """``value`` rounded half away from zero to ``places`` decimals.

    Python's ``round`` and ClickHouse's ``round`` on floats round half to even, and binary
    floats cannot hold 12.25 % of most counts exactly, so rounding works on exact values.
    """
    exact = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else Decimal(value)
    )
    # ROUND_HALF_UP in the decimal module rounds ties away from zero, as METRICS.md asks.
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def pct(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``, one decimal; ``None`` without a denominator.

    METRICS.md, "Identity and time": percentages are computed from exact counts and rounded
    half away from zero to one decimal.
    """
    if not whole:
        return None
    return round_half_away(Fraction(100 * part, whole), 1)


def pct_of_fraction(value: Decimal | None) -> float | None:
    """A 0–1 value (a grade) as a percentage with one decimal, ``None`` stays ``None``."""
    return None if value is None else round_half_away(value * 100, 1)
