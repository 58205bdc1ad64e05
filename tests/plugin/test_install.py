"""The plugin package builds, installs with pip and works from where pip put it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.plugin.helpers import COURSE_URL, PLUGIN_DIR

# Runs in a fresh interpreter that sees only the installed copy (not openedx-plugin/src).
CHECK = """
import json
from importlib.metadata import distribution
import django
from django.conf import settings
import aspects_openedx.settings as plugin
settings.configure(
    INSTALLED_APPS=["aspects_openedx"],
    OPEN_EDX_FILTERS_CONFIG=plugin.with_aspects_steps({}),
    ASPECTS_DASHBOARD_URL="https://aspects.example.com",
)
django.setup()
from opaque_keys.edx.keys import CourseKey
from openedx_filters.learning.filters import (
    InstructorDashboardRenderStarted, InstructorDashboardTabsRequested,
)
key = CourseKey.from_string("course-v1:Org+C1+2026")
tabs, _, _ = InstructorDashboardTabsRequested.run_filter(tabs=[], user=None, course_key=key)
course = type("Course", (), {"id": key, "display_name": "Demo"})()
context, _ = InstructorDashboardRenderStarted.run_filter(
    context={"course": course, "sections": []}, template_name="t.html"
)
dist = distribution("aspects-openedx")
print(json.dumps({
    "module": plugin.__file__,
    "template": (plugin.TEMPLATES_DIR / "aspects_openedx" / "aspects_analytics.html").is_file(),
    "entry_points": [[e.group, e.name, e.value] for e in dist.entry_points],
    "tab_urls": [t["url"] for t in tabs],
    "section_urls": [s["aspects_url"] for s in context["sections"]],
}))
"""


@pytest.mark.slow
def test_the_package_installs_with_pip_and_its_steps_run_from_the_install(tmp_path: Path) -> None:
    # Build from a copy: pip builds in the source tree and would leave build/ and egg-info there.
    source = tmp_path / "source"
    shutil.copytree(
        PLUGIN_DIR, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    )
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )

    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-c", CHECK],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    found = json.loads(out.stdout)

    assert Path(found["module"]).is_relative_to(target)
    assert found["template"], "the legacy dashboard's Mako template is in the wheel"
    assert found["entry_points"] == [
        ["lms.djangoapp", "aspects_openedx", "aspects_openedx.apps:AspectsOpenedxConfig"]
    ]
    assert found["tab_urls"] == [COURSE_URL]
    assert found["section_urls"] == [COURSE_URL]
