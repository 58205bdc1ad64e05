"""The store: one narrow interface over embedded chDB or a ClickHouse server."""

from aspects.store.base import Store, StoreError, StoreLocked, connect
from aspects.store.opening import open_store

__all__ = ["Store", "StoreError", "StoreLocked", "connect", "open_store"]
