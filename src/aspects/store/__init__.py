"""The store: one narrow interface over embedded chDB or a ClickHouse server."""

from aspects.store.base import Store, StoreError, StoreLocked, open_store

__all__ = ["Store", "StoreError", "StoreLocked", "open_store"]
