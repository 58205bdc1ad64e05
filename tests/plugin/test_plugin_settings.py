"""What the plugin app adds to the LMS settings: the filter steps and the template directory."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from types import SimpleNamespace

from aspects_openedx.apps import AspectsOpenedxConfig
from aspects_openedx.settings import LEGACY_FILTER, MFE_FILTER, TEMPLATES_DIR, with_aspects_steps
from django.apps import apps
from django.test import override_settings
from openedx_filters.learning.filters import InstructorDashboardTabsRequested

from tests.plugin.helpers import ASPECTS, COURSE_KEY, COURSE_URL

LEGACY_STEP = "aspects_openedx.pipeline.AddLegacyDashboardSection"
MFE_STEP = "aspects_openedx.pipeline.AddMfeDashboardTab"


def test_other_plugins_steps_and_options_are_kept_and_ours_appended() -> None:
    config = {
        LEGACY_FILTER: {"fail_silently": False, "pipeline": ["other.Step"], "log_level": "debug"},
        MFE_FILTER: "other.TabStep",
        "org.openedx.learning.course.enrollment.started.v1": ["other.Enrollment"],
    }

    merged = with_aspects_steps(config)

    assert merged[LEGACY_FILTER] == {
        "fail_silently": False,
        "pipeline": ["other.Step", LEGACY_STEP],
        "log_level": "debug",
    }
    assert merged[MFE_FILTER] == {"pipeline": ["other.TabStep", MFE_STEP], "fail_silently": True}
    assert merged["org.openedx.learning.course.enrollment.started.v1"] == ["other.Enrollment"]
    assert config[LEGACY_FILTER]["pipeline"] == ["other.Step"], "the input is not changed"
    assert with_aspects_steps(merged) == merged, "registering twice adds nothing"


def test_the_plugin_app_registers_steps_and_templates_in_common_and_production_settings() -> None:
    project = AspectsOpenedxConfig.plugin_app["settings_config"]["lms.djangoapp"]
    assert set(project) == {"common", "production"}
    for settings_type in project.values():
        module = import_module(f"aspects_openedx.{settings_type['relative_path']}")
        lms = SimpleNamespace(MAKO_TEMPLATE_DIRS_BASE=[Path("/lms/templates")])

        module.plugin_settings(lms)
        module.plugin_settings(lms)

        assert lms.MAKO_TEMPLATE_DIRS_BASE == [Path("/lms/templates"), TEMPLATES_DIR]
        assert lms.OPEN_EDX_FILTERS_CONFIG == {
            LEGACY_FILTER: {"pipeline": [LEGACY_STEP], "fail_silently": True},
            MFE_FILTER: {"pipeline": [MFE_STEP], "fail_silently": True},
        }
    assert (TEMPLATES_DIR / "aspects_openedx" / "aspects_analytics.html").is_file()


def test_the_settings_the_plugin_writes_make_the_real_filter_add_the_tab() -> None:
    lms = SimpleNamespace()
    import_module("aspects_openedx.settings").plugin_settings(lms)

    with override_settings(
        OPEN_EDX_FILTERS_CONFIG=lms.OPEN_EDX_FILTERS_CONFIG, ASPECTS_DASHBOARD_URL=ASPECTS
    ):
        tabs, _, _ = InstructorDashboardTabsRequested.run_filter(
            tabs=[], user=None, course_key=COURSE_KEY
        )

    assert tabs is not None and [t["url"] for t in tabs] == [COURSE_URL]


def test_the_app_loads_as_a_django_app() -> None:
    assert isinstance(apps.get_app_config("aspects_openedx"), AspectsOpenedxConfig)
