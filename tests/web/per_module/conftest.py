"""Page tests whose module shares one server, one course and one signed-in account.

Here the module's settings, server and viewer (tests/web/conftest.py ``module_*``) take the
place of the per-test ones, so the module's data is built once and no fixture empties the store
between its tests (each module runs on one worker: its ``xdist_group``).
"""

from __future__ import annotations

import pytest

from aspects.settings import Settings


@pytest.fixture(scope="module")
def settings(module_settings: Settings) -> Settings:
    """The module's settings."""
    return module_settings


@pytest.fixture(scope="module")
def server(module_server: str) -> str:
    """The module's server."""
    return module_server


@pytest.fixture(scope="module")
def viewer(module_viewer: str) -> str:
    """The module's signed-in account."""
    return module_viewer
