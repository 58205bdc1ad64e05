"""Report and query SQL, one ``.sql`` file per query, grouped by domain folder."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_sql(name: str) -> str:
    """The text of ``models/<name>.sql`` (e.g. ``lrs/statement_by_id``)."""
    folder, _, stem = name.rpartition("/")
    base = resources.files("aspects.models")
    for part in folder.split("/") if folder else []:
        base = base / part
    return (base / f"{stem}.sql").read_text("utf-8")
