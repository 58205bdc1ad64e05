"""Report and query SQL, one ``.sql`` file per query, grouped by domain folder.

A file may include another as a subquery: ``{{learners/roster_state}}`` stands for the text of
``models/learners/roster_state.sql`` in parentheses (query parameters are ``{name:Type}``, single
braces, so the two never meet).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_INCLUDE = re.compile(r"\{\{([a-z_/]+)\}\}")


@cache
def load_sql(name: str) -> str:
    """The text of ``models/<name>.sql`` (e.g. ``lrs/statement_by_id``), includes resolved."""
    folder, _, stem = name.rpartition("/")
    base = resources.files("aspects.models")
    for part in folder.split("/") if folder else []:
        base = base / part
    text = (base / f"{stem}.sql").read_text("utf-8")
    return _INCLUDE.sub(lambda m: f"(\n{load_sql(m.group(1))}\n)", text)
