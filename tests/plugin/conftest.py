"""The LMS plugin's tests: the real openedx-filters runner over the plugin's steps.

The plugin lives in ``openedx-plugin/src`` with its own ``pyproject.toml``; it is put on
``sys.path`` here so ``pip install -e '.[dev]'`` is all the tests need (``test_install.py``
builds and installs the package itself). Django gets the few settings the filters read.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import django
import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from tests.plugin.helpers import ASPECTS, PLUGIN_DIR

if str(PLUGIN_DIR / "src") not in sys.path:
    sys.path.insert(0, str(PLUGIN_DIR / "src"))

if not django_settings.configured:
    django_settings.configure(INSTALLED_APPS=["aspects_openedx"], OPEN_EDX_FILTERS_CONFIG={})
    django.setup()

from aspects_openedx.settings import with_aspects_steps  # noqa: E402  (after sys.path)


@pytest.fixture
def steps_registered() -> Iterator[None]:
    """Both steps registered, failing loudly: a broken step must fail the test, not be skipped."""
    config = with_aspects_steps({})
    for entry in config.values():
        entry["fail_silently"] = False
    with override_settings(OPEN_EDX_FILTERS_CONFIG=config):
        yield


@pytest.fixture
def aspects_url(steps_registered: None) -> Iterator[str]:
    """The steps registered and ``ASPECTS_DASHBOARD_URL`` set."""
    with override_settings(ASPECTS_DASHBOARD_URL=ASPECTS):
        yield ASPECTS
