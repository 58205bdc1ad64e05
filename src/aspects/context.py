"""The app's shared context: the store and everything that lives as long as the app.

Built once by the app factory (:mod:`aspects.app`) when the app starts, and handed to routes
through the :data:`ContextDep` dependency, so no module keeps state of its own: a test's app,
a server's app and a benchmark's app each have their own writer, caches and logs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from aspects.ingest.credentials import Authenticator
from aspects.ingest.metrics import IngestMetrics
from aspects.ingest.writer import Writer
from aspects.reports.timings import ReportTimings
from aspects.settings import Settings
from aspects.store import Store


@dataclass
class AppContext:
    """What every route may need.

    Attributes:
        settings: the app's settings.
        store: the one open store (readers query it; the writer owns inserts).
        writer: the batching writer every statement goes through.
        metrics: ingest counters for ``/metrics``.
        authenticator: LRS credentials (Basic and Bearer keys).
        timings: the slow-query log every report run feeds.
    """

    settings: Settings
    store: Store
    writer: Writer
    metrics: IngestMetrics
    authenticator: Authenticator
    timings: ReportTimings = field(default_factory=ReportTimings)


def app_context(request: Request) -> AppContext:
    """The context of the app serving ``request`` (set when the app started)."""
    context: AppContext = request.app.state.context
    return context


ContextDep = Annotated[AppContext, Depends(app_context)]


async def settled_facts(request: Request) -> None:
    """Before a route reads learner facts: wait for the batches already acknowledged.

    Read-your-writes (DESIGN.md "Learner facts"): a report asked after a POST's 200 counts
    its statements, though the writer derives facts on a thread of its own.
    """
    await run_in_threadpool(app_context(request).writer.settle_facts)


# Routers whose routes read learner facts depend on it (app.py).
SettledFacts = Depends(settled_facts)
