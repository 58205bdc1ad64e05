"""What leaves through CSV: cells that cannot run as formulas, and an audit line per PII export.

Issue 7: "an audit log line for every CSV export that contains PII (who, course, group, rows)"
and "CSV injection". A cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is
run as a formula by spreadsheet programs (OWASP, CSV injection); such text cells get a leading
``'``. Numbers are left alone (a negative grade stays a number).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from aspects.auth.files import now
from aspects.auth.principal import Principal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
audit_logger = logging.getLogger("aspects.audit")


def csv_safe(value: Any) -> Any:
    """The cell value, neutralised when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of a row through :func:`csv_safe`."""
    return [csv_safe(value) for value in row]


def audit_pii_export(
    path: Path | None,
    principal: Principal,
    course_key: str,
    report: str,
    rows: int,
    group: str | None = None,
) -> dict[str, Any]:
    """Record one CSV export that contains PII: who, which course, report and group, rows.

    The line goes to the ``aspects.audit`` logger and, when ``path`` is given, is appended to
    that JSON-lines file (``aspects.auth.files.audit_path``). Returns the recorded entry.
    """
    entry = {
        "at": now(),
        "event": "pii_export",
        "who": principal.username,
        "kind": principal.kind.value,
        "source": principal.source,
        "course_key": course_key,
        "report": report,
        "group": group,
        "rows": rows,
    }
    line = orjson.dumps(entry)
    audit_logger.info(line.decode())
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab") as out:
            out.write(line + b"\n")
    return entry
