"""Opening the embedded store: a held directory is named as such, nothing else is."""

from __future__ import annotations

from pathlib import Path

import pytest

from aspects.settings import Settings
from aspects.store import Store, StoreError, StoreLocked, open_store


def test_an_open_failure_is_not_reported_as_a_held_directory_because_of_its_name(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    # This process already holds the session's directory (the `store` fixture), so chDB
    # refuses a second path in the same process; "blocks" merely contains the letters "lock".
    other = settings.model_copy(update={"data_dir": tmp_path / "blocks"})
    with pytest.raises(StoreError) as caught:
        open_store(other)
    assert not isinstance(caught.value, StoreLocked), caught.value
    assert store.query("select 1") == [(1,)]  # the open store is unaffected
