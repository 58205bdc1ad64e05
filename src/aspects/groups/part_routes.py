"""The tables behind the group and learner pages' charts, each as JSON and as a ``.csv`` twin.

STYLE.md 7 (every chart is data): the group summary's track breakdown and distributions, and one
learner's funnel, answers, watched seconds and time line, one table per chart, so each chart on
the pages (issue 6) has a CSV link. The values are those of ``…/summary`` and ``…/learners/{id}``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response

from aspects.auth.dependencies import CourseDep
from aspects.context import ContextDep
from aspects.groups.http import story_of, summary_of
from aspects.web.responses import ApiError, csv_name, download_name, table

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


def _part(name: str, parts: dict[str, Any], kind: str) -> tuple[str, bool]:
    """The table's name and whether CSV is asked.

    Raises:
        ApiError: 404 for a table the page does not have.
    """
    table_name, as_csv = csv_name(name)
    if table_name not in parts:
        raise ApiError(404, f"no {kind} table {table_name!r}: expected one of {', '.join(parts)}")
    return table_name, as_csv


@router.get("/courses/{course_key}/groups/{group}/summary/{part}")
async def summary_part(
    request: Request, ctx: ContextDep, course_key: str, group: str, part: str, grant: CourseDep
) -> Response:
    """One table of the group summary (``.csv`` for the CSV).

    ``tracks``, ``first_enrolled_at``, ``last_visit`` (with a "never visited" row) or ``grades``.
    """
    name, as_csv = _part(part, SUMMARY_PARTS, "summary")
    query, info, body = await summary_of(request, ctx, course_key, group)
    params = {**query.echo(), "grain": query.report.grain}
    extra = {"course_key": course_key, "group": info, "params": params}
    columns, rows = SUMMARY_PARTS[name](body)
    return table(
        columns, rows, as_csv, download_name(course_key, group, name, params=params), extra
    )


@router.get("/courses/{course_key}/learners/{learner_id}/{part}")
async def learner_part(
    request: Request,
    ctx: ContextDep,
    course_key: str,
    learner_id: str,
    part: str,
    grant: CourseDep,
) -> Response:
    """One table of a learner's page (``.csv`` for the CSV).

    ``sections``, ``problems``, ``videos`` or ``timeline``: no name, username or e-mail in any.
    """
    name, as_csv = _part(part, LEARNER_PARTS, "learner")
    query, found, story = await story_of(request, ctx, course_key, learner_id, grant.pii)
    extra = {"course_key": course_key, "anonymous_id": found.anonymous_id, "params": query.echo()}
    # The id is the learner's xAPI actor, which may be any text: the name keeps it plain.
    filename = download_name(course_key, "learner", found.anonymous_id, name, params=query.echo())
    columns, rows = LEARNER_PARTS[name](story)
    return table(columns, rows, as_csv, filename, extra)
