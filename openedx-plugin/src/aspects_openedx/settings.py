"""LMS settings the plugin adds when installed as a plugin app: its filter steps and templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

LEGACY_FILTER = "org.openedx.learning.instructor.dashboard.render.started.v1"
MFE_FILTER = "org.openedx.learning.instructor.dashboard.tabs.requested.v1"
STEPS = {
    LEGACY_FILTER: "aspects_openedx.pipeline.AddLegacyDashboardSection",
    MFE_FILTER: "aspects_openedx.pipeline.AddMfeDashboardTab",
}


def with_aspects_steps(config: dict[str, Any] | None) -> dict[str, Any]:
    """A copy of an ``OPEN_EDX_FILTERS_CONFIG`` with the Aspects steps appended.

    Other plugins' steps and options are kept. An entry given as a step path or a list of paths
    (both accepted by openedx-filters) becomes the dict form. A new entry is ``fail_silently``:
    an error in the tab must never take the instructor dashboard down.
    """
    merged = dict(config or {})
    for filter_type, step in STEPS.items():
        entry = merged.get(filter_type) or {}
        if isinstance(entry, str):
            entry = {"pipeline": [entry]}
        elif isinstance(entry, list):
            entry = {"pipeline": entry}
        else:
            entry = dict(entry)
        pipeline = list(entry.get("pipeline") or [])
        if step not in pipeline:
            pipeline.append(step)
        entry["pipeline"] = pipeline
        entry.setdefault("fail_silently", True)
        merged[filter_type] = entry
    return merged


def plugin_settings(settings: Any) -> None:
    """Register the steps and the legacy dashboard's template directory in the LMS settings.

    Called by the LMS for the ``common`` and ``production`` settings (``apps.py``): production
    settings may replace ``OPEN_EDX_FILTERS_CONFIG`` wholesale, so the steps are added again.
    """
    settings.OPEN_EDX_FILTERS_CONFIG = with_aspects_steps(
        getattr(settings, "OPEN_EDX_FILTERS_CONFIG", None)
    )
    mako_dirs = getattr(settings, "MAKO_TEMPLATE_DIRS_BASE", None)
    if isinstance(mako_dirs, list) and TEMPLATES_DIR not in mako_dirs:
        mako_dirs.append(TEMPLATES_DIR)
