"""Learners of the demo deployment: identity, profile and how they tend to study."""

from __future__ import annotations

import random
from dataclasses import dataclass

from aspects.demo.catalog import FIRST_NAMES, LAST_NAMES, PLACES, TRACKS
from aspects.demo.ids import Ids

FIRST_USER_ID = 10  # ids below are the LMS's staff and service users


@dataclass(frozen=True)
class Learner:
    """One LMS user; ``xapi_id`` is the anonymous id ERB puts in ``actor.account.name``."""

    index: int
    user_id: int
    username: str
    name: str
    email: str
    xapi_id: str
    place: tuple[str, str, str]
    year_of_birth: int | None
    ability: float  # ~N(0, 1): how likely answers are right
    diligence: float  # 0-1: how likely they keep coming back


def build_learner(index: int, seed: int) -> Learner:
    """Learner ``index``, deterministic for ``seed`` whatever the deployment's size."""
    rng = random.Random(f"{seed}/learner/{index}")  # noqa: S311 - demo data, not security
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    user_id = FIRST_USER_ID + index
    username = f"{first.lower()}_{last.lower()}{user_id}"
    return Learner(
        index=index,
        user_id=user_id,
        username=username,
        name=f"{first} {last}",
        email=f"{username}@example.com",
        xapi_id=Ids(seed).uuid5(f"xapi-id/{user_id}"),
        place=rng.choice(PLACES),
        year_of_birth=rng.randint(1955, 2008) if rng.random() < 0.8 else None,
        ability=rng.gauss(0.0, 1.0),
        diligence=rng.betavariate(2.2, 1.6),
    )


def choose_courses(rng: random.Random, courses: int) -> list[int]:
    """Which courses a learner enrolls in: most take one or two, popular courses first."""
    wanted = 1
    while wanted < courses and rng.random() < 0.38:
        wanted += 1
    weights = [1.0 / (1 + 0.35 * i) for i in range(courses)]
    chosen: set[int] = set()
    while len(chosen) < wanted:
        chosen.add(rng.choices(range(courses), weights)[0])
    return sorted(chosen)


def choose_track(rng: random.Random) -> str:
    """An enrollment track (course mode) by its share of enrollments."""
    roll = rng.random()
    for mode, share in TRACKS:
        roll -= share
        if roll < 0:
            return mode
    return TRACKS[0][0]
