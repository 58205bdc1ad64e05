"""What a learner does on a unit: watch a video, answer a problem."""

from __future__ import annotations

import math
import random

from aspects.demo.catalog import ANSWERS
from aspects.demo.course import Problem, Video
from aspects.demo.emitter import CourseRun, Emitter
from aspects.demo.ids import SECOND


def _seconds(value: float) -> int:
    return int(value * SECOND)


def watch(
    run: CourseRun, video: Video, t: int, rng: random.Random, emit: Emitter, keen: float
) -> int:
    """The player's statements for one viewing; returns the time after it.

    Learners drop off inside videos (most stop in the first half), pause, skip ahead now and
    then, and seek back to re-watch a video's hard parts. Every ``played`` is closed by a
    ``paused``, ``seeked``, ``completed`` or ``terminated`` (METRICS.md, Video segments).
    """
    tpl, key, length = run.templates, video.key, video.length
    size = f"{length:.1f}"
    emit(tpl.initialized, t, key, size)
    t += rng.randint(SECOND // 2, 5 * SECOND)
    if rng.random() < 0.12:
        return t  # the page loaded the player; the learner never pressed play
    full = rng.random() < 0.35 + 0.45 * keen
    end = length if full else round(length * rng.betavariate(1.2, 2.2), 3)
    pos = 0.0
    emit(tpl.played, t, key, size, "0.0")
    pending = list(video.hotspots)
    while pos < end:
        stop = min(end, pos + rng.expovariate(1 / 140))
        spot = next((s for s in pending if pos < s[1] <= stop), None)
        if spot is not None:
            pending.remove(spot)
            if rng.random() < 0.45:  # a hard part: seek back and watch it again
                t += _seconds(spot[1] - pos)
                emit(tpl.seeked, t, key, size, f"{spot[1]:.3f}", f"{spot[0]:.3f}")
                pos = spot[0]
                t += rng.randint(SECOND // 5, 2 * SECOND)
                emit(tpl.played, t, key, size, f"{pos:.3f}")
                continue
        t += _seconds(stop - pos)
        pos = stop
        if pos >= end:
            break
        emit(tpl.paused, t, key, size, f"{pos:.3f}")
        t += rng.randint(2 * SECOND, 90 * SECOND)
        if rng.random() < 0.08 and pos + 30 < end:  # skip ahead
            target = min(end - 1, pos + rng.uniform(15, 60))
            emit(tpl.seeked, t, key, size, f"{pos:.3f}", f"{target:.3f}")
            pos = target
            t += SECOND
        emit(tpl.played, t, key, size, f"{pos:.3f}")
    if full:
        minutes, seconds = divmod(int(length), 60)
        emit(tpl.completed, t, key, size, size, f"PT{minutes:02d}M{seconds:02d}S")
    elif rng.random() < 0.5:
        emit(tpl.paused, t, key, size, f"{pos:.3f}")
    else:
        emit(tpl.terminated, t, key, size, f"{pos:.3f}")  # left the page while playing
    return t + rng.randint(2 * SECOND, 30 * SECOND)


def answer(
    run: CourseRun,
    problem: Problem,
    t: int,
    rng: random.Random,
    emit: Emitter,
    ability: float,
    scores: dict[str, float],
) -> int:
    """Evaluated submissions to one problem until right, out of attempts, or giving up.

    One-question problems send one statement with attempt-id and score; multi-question ones a
    parent (GroupActivity, total score) and a child per question pointing back to it.
    """
    if rng.random() < (0.08 if problem.graded else 0.3):
        return t  # looked at it, did not answer
    tpl, key = run.templates, problem.key
    chance = 1 / (1 + math.exp(problem.difficulty - 1.1 * ability - 0.5))
    for attempt in range(1, (problem.max_attempts or 5) + 1):
        t += rng.randint(20 * SECOND, 240 * SECOND)
        p = min(0.97, chance + 0.15 * (attempt - 1))
        right = [rng.random() < p for _ in range(problem.parts)]
        raw = sum(right)
        success = raw == problem.parts
        if problem.parts == 1:
            response = ANSWERS[0] if success else rng.choice(ANSWERS[1:])
            flag = "true" if success else "false"
            emit(tpl.evaluated, t, key, attempt, problem.question, response, 1, raw, raw, flag)
        else:
            scaled = raw / problem.parts
            parent = emit(
                tpl.evaluated_parent,
                t,
                key,
                run.names[key],
                problem.parts,
                raw,
                repr(scaled),
                "true" if success else "false",
            )
            for part, ok in enumerate(right, start=2):
                response = ANSWERS[0] if ok else rng.choice(ANSWERS[1:])
                flag = "true" if ok else "false"
                emit(
                    tpl.evaluated_child,
                    t,
                    key,
                    run.names[key],
                    part,
                    problem.question,
                    response,
                    flag,
                    parent,
                )
        if problem.graded:
            scores[key] = raw / problem.parts
        if success or rng.random() < 0.3:
            break
    return t + rng.randint(5 * SECOND, 60 * SECOND)
