"""The Django app the LMS loads from the ``lms.djangoapp`` entry point."""

from __future__ import annotations

from typing import Any, ClassVar

from django.apps import AppConfig

# Field names of edx-django-utils' plugin contract (PluginSettings.CONFIG, .RELATIVE_PATH),
# written out so the plugin does not depend on edx-django-utils.
_SETTINGS_CONFIG = "settings_config"
_RELATIVE_PATH = "relative_path"


class AspectsOpenedxConfig(AppConfig):
    """Plugin app: its settings module registers the filter steps and the template directory."""

    name = "aspects_openedx"
    verbose_name = "Aspects"

    plugin_app: ClassVar[dict[str, Any]] = {
        _SETTINGS_CONFIG: {
            "lms.djangoapp": {
                "common": {_RELATIVE_PATH: "settings"},
                "production": {_RELATIVE_PATH: "settings"},
            },
        },
    }
