"""Helpers shared by the group and learner routes: store, JSON answers, parameters."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request, Response

from aspects.groups.members import GroupQuery
from aspects.reports.output import cell
from aspects.settings import Settings
from aspects.store import Store


def store_of(request: Request) -> Store:
    """The one store the app factory opened."""
    store: Store = request.app.state.lrs.store
    return store


def settings_of(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.lrs.settings
    return settings


def json_response(status: int, body: Any) -> Response:
    """``body`` as JSON (datetimes as ISO 8601 UTC with ``Z``)."""
    return Response(
        orjson.dumps(body, default=cell, option=orjson.OPT_PASSTHROUGH_DATETIME),
        status,
        media_type="application/json",
    )


def error(status: int, message: str, **extra: Any) -> Response:
    """``{"error": message, …}``."""
    return json_response(status, {"error": message, **extra})


def group_query(request: Request, course_key: str) -> GroupQuery:
    """The request's group parameters (``as_of``, ``inactive_days``, ``tz``, ``grain``).

    Raises:
        QueryError: for a bad value.
    """
    default = settings_of(request).groups.inactive_days
    return GroupQuery.from_params(course_key, request.query_params, default)
