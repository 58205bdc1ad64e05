"""CSV cells that cannot run as formulas; one audit line per PII export (issue 7)."""

from __future__ import annotations

import json

import pytest

from aspects.auth.exports import audit_pii_export, csv_safe, csv_safe_row
from aspects.auth.files import audit_path
from aspects.auth.principal import Kind, Principal
from aspects.settings import Settings


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Ada Lovelace", "Ada Lovelace"),
        ("", ""),
        (-3, -3),  # numbers stay numbers
        (None, None),
    ],
)
def test_csv_safe_neutralises_formula_starts(value: object, expected: object) -> None:
    assert csv_safe(value) == expected


def test_csv_safe_row_neutralises_every_cell() -> None:
    assert csv_safe_row(["=1", "ok", 2]) == ["'=1", "ok", 2]


def test_an_audit_line_names_who_course_group_and_rows(settings: Settings) -> None:
    who = Principal(
        Kind.SESSION, username="ada", courses=frozenset({"c"}), pii=True, source="local"
    )
    audit_pii_export(audit_path(settings), who, "c", "at_risk", 12, group="at-risk")
    line = json.loads(audit_path(settings).read_text().splitlines()[-1])
    assert line["who"] == "ada" and line["course_key"] == "c" and line["group"] == "at-risk"
    assert line["rows"] == 12 and line["event"] == "pii_export"
