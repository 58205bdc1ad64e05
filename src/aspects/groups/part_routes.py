"""The tables behind the group and learner pages' charts, each as JSON and as a ``.csv`` twin.

STYLE.md 7 (every chart is data): the group summary's track breakdown and distributions, and one
learner's funnel, answers, watched seconds and time line, one table per chart, so each chart on
the pages (issue 6) has a CSV link. The values are those of ``…/summary`` and ``…/learners/{id}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from aspects.auth.dependencies import CourseDep
from aspects.groups.http import error, group_query, json_response, store_of
from aspects.groups.learner import learner_story
from aspects.groups.learner_routes import load_learner
from aspects.groups.members import UnknownGroup, resolve
from aspects.groups.summary import summarize
from aspects.reports.output import cell, csv_chunks
from aspects.reports.query import QueryError

router = APIRouter()
NEVER_VISITED = "never visited"
Table = tuple[list[str], list[dict[str, Any]]]


def _summary_tracks(body: dict[str, Any]) -> Table:
    return ["track", "learners", "pct"], body["tracks"]


def _summary_dates(name: str) -> Callable[[dict[str, Any]], Table]:
    def table(body: dict[str, Any]) -> Table:
        rows = list(body[name])
        if name == "last_visit":  # like "no grade yet": the learners no bucket holds
            rows.append({"bucket": NEVER_VISITED, "learners": body["never_visited"]})
        return ["bucket", "learners"], rows

    return table


SUMMARY_PARTS: dict[str, Callable[[dict[str, Any]], Table]] = {
    "tracks": _summary_tracks,
    "first_enrolled_at": _summary_dates("first_enrolled_at"),
    "last_visit": _summary_dates("last_visit"),
    "grades": lambda body: (["bucket", "learners"], body["grades"]),
}


def _tally(prefix: str, tally: dict[str, int] | None) -> dict[str, Any]:
    done, total = (tally["done"], tally["total"]) if tally else (None, None)
    return {f"{prefix}_done": done, f"{prefix}_total": total}


def _sections(story: dict[str, Any]) -> Table:
    rows = []
    for section in story["sections"]:
        for holder in (section, *section["subsections"]):
            rows.append(
                {
                    "level": "subsection" if "subsection" in holder else "section",
                    "section": section["section"],
                    "subsection": holder.get("subsection"),
                    "name": holder["name"],
                    **_tally("pages", holder["pages"]),
                    **_tally("videos", holder["videos"]),
                    **_tally("problems", holder["problems"]),
                }
            )
    columns = ["level", "section", "subsection", "name"]
    columns += [f"{k}_{n}" for k in ("pages", "videos", "problems") for n in ("done", "total")]
    return columns, rows


def _videos(story: dict[str, Any]) -> Table:
    columns = ["video", "name", "section", "subsection", "watched_seconds", "length"]
    columns += ["watched_pct", "segments"]
    rows = [
        {**v, "segments": "; ".join(f"{a:g}-{b:g}" for a, b in v["segments"])}
        for v in story["videos"]
    ]
    return columns, rows


LEARNER_PARTS: dict[str, Callable[[dict[str, Any]], Table]] = {
    "sections": _sections,
    "problems": lambda story: (
        ["problem", "name", "section", "subsection", "submissions", "attempts", "correct"]
        + ["score"],
        story["problems"],
    ),
    "videos": _videos,
    "timeline": lambda story: (["day", "kind", "statements"], story["timeline"]),
}


def _answer(table: Table, as_csv: bool, filename: str, extra: dict[str, Any]) -> Response:
    columns, rows = table
    if as_csv:
        return StreamingResponse(
            csv_chunks(columns, rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    body = {**extra, "columns": columns, "rows": [{c: cell(r[c]) for c in columns} for r in rows]}
    return json_response(200, body)


@router.get("/courses/{course_key}/groups/{group}/summary/{part}")
async def summary_part(
    request: Request, course_key: str, group: str, part: str, grant: CourseDep
) -> Response:
    """One table of the group summary (``.csv`` for the CSV).

    ``tracks``, ``first_enrolled_at``, ``last_visit`` (with a "never visited" row) or ``grades``.
    """
    name = part.removesuffix(".csv")
    if name not in SUMMARY_PARTS:
        return error(404, f"no summary table {name!r}: expected one of {', '.join(SUMMARY_PARTS)}")
    try:
        query = group_query(request, course_key)
        info, members = await run_in_threadpool(resolve, store_of(request), query, group, False)
    except UnknownGroup as exc:
        return error(404, str(exc))
    except QueryError as exc:
        return error(400, str(exc))
    body = summarize(members, query.report.tz, query.report.grain)
    params = {**query.echo(), "grain": query.report.grain}
    extra = {"course_key": course_key, "group": info, "params": params}
    return _answer(SUMMARY_PARTS[name](body), part.endswith(".csv"), f"{group}-{name}", extra)


@router.get("/courses/{course_key}/learners/{learner_id}/{part}")
async def learner_part(
    request: Request, course_key: str, learner_id: str, part: str, grant: CourseDep
) -> Response:
    """One table of a learner's page (``.csv`` for the CSV).

    ``sections``, ``problems``, ``videos`` or ``timeline``: no name, username or e-mail in any.
    """
    name = part.removesuffix(".csv")
    if name not in LEARNER_PARTS:
        return error(404, f"no learner table {name!r}: expected one of {', '.join(LEARNER_PARTS)}")
    try:
        query = group_query(request, course_key)
    except QueryError as exc:
        return error(400, str(exc))
    store = store_of(request)
    found = await run_in_threadpool(
        load_learner, store, course_key, learner_id, query.as_of, grant.pii
    )
    if found is None:
        return error(404, f"no learner {learner_id!r} in {course_key}")
    story = await run_in_threadpool(
        learner_story, store, course_key, found, query.as_of, query.report.tz
    )
    extra = {"course_key": course_key, "anonymous_id": found.anonymous_id, "params": query.echo()}
    # The id is the learner's xAPI actor, which may be any text: keep the header plain.
    filename = re.sub(r"[^A-Za-z0-9._-]", "_", f"learner-{found.anonymous_id}-{name}")
    return _answer(LEARNER_PARTS[name](story), part.endswith(".csv"), filename, extra)
