"""Views are code (DESIGN.md): ``models/views/*.sql``, re-created whenever a store opens."""

from __future__ import annotations

from importlib import resources

from aspects.settings import Settings
from aspects.store import Store, open_store
from aspects.store.migrations import RETIRED, discover
from aspects.store.views import VIEWS


def _view_files() -> set[str]:
    folder = resources.files("aspects.models") / "views"
    return {f.name.removesuffix(".sql") for f in folder.iterdir() if f.name.endswith(".sql")}


def test_every_view_file_is_applied_and_every_applied_view_has_a_file() -> None:
    assert set(VIEWS) == _view_files()
    assert len(VIEWS) == len(set(VIEWS))


def test_opening_a_store_creates_every_view(store: Store) -> None:
    engines = dict(
        store.query("select name, engine from system.tables where database = currentDatabase()")
    )
    assert {name: engines.get(name) for name in VIEWS} == {name: "View" for name in VIEWS}


def test_a_changed_view_is_put_back_to_its_models_definition_at_the_next_open(
    store: Store, settings: Settings
) -> None:
    # A store whose view holds another definition (an older release's, say).
    store.execute("create or replace view course_units as select 1 as stale")
    assert store.query_dicts("select * from course_units") == [{"stale": 1}]
    again = open_store(settings)
    try:
        columns = [row[0] for row in again.query("describe table course_units")]
    finally:
        again.close()
    assert columns == ["course_key", "unit_key", "section", "subsection", "unit"]


def test_no_schema_migration_creates_a_view() -> None:
    folder = resources.files("aspects.store") / "schema"
    texts = [f.read_text("utf-8").lower() for f in folder.iterdir() if f.name.endswith(".sql")]
    assert texts and not [t for t in texts if "create view" in t]


def test_the_numbers_of_removed_schema_files_are_never_reused() -> None:
    # Stores that applied 0003 and 0006 (views, now in models/views) keep them in their ledger:
    # a new file numbered 3 or 6 would never run there.
    assert RETIRED == {3, 6}
    assert not RETIRED & {m.version for m in discover()}
