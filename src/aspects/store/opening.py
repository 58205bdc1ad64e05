"""Open a store ready for use: connect, apply pending migrations, re-create the views."""

from __future__ import annotations

from aspects.settings import Settings
from aspects.store.base import Store, connect
from aspects.store.migrations import apply_migrations
from aspects.store.views import apply_views


def open_store(settings: Settings, migrate: bool = True) -> Store:
    """Open the configured engine and database; with ``migrate``, bring its schema up to date.

    Raises:
        StoreLocked: another process holds the embedded data directory.
        StoreError: the engine could not be opened.
    """
    store = connect(settings)
    if migrate:
        apply_migrations(store)
        apply_views(store)
    return store
