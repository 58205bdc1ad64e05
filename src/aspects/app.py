"""The app factory: settings in, a FastAPI app with its context, routers and error handlers out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from aspects import __version__
from aspects.auth.install import install_auth
from aspects.context import AppContext, SettledFacts
from aspects.groups import edit_routes as group_edit_routes
from aspects.groups import learner_routes
from aspects.groups import part_routes as group_part_routes
from aspects.groups import routes as group_routes
from aspects.ingest import lrs, tune_gc
from aspects.ingest.credentials import Authenticator
from aspects.ingest.metrics import IngestMetrics
from aspects.ingest.rejection_log import RejectionLog
from aspects.ingest.writer import Writer
from aspects.lms import routes as lms_routes
from aspects.reports import routes as report_routes
from aspects.settings import Settings
from aspects.store import Store, open_store
from aspects.web import health, learner_pages, pages
from aspects.web.assets import StaticAssets
from aspects.web.rendering import install_page_errors
from aspects.web.responses import install_error_handlers


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """Build the app. With ``store`` given (tests), the caller owns and closes it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        tune_gc()
        owned = store is None
        active = open_store(settings) if store is None else store
        rejections = RejectionLog(active)  # issue 6: refusals by reason, kept in the store
        rejections.start()
        metrics = IngestMetrics(rejections)
        writer = Writer(active, settings.writer, metrics)
        writer.start()
        app.state.context = AppContext(
            settings, active, writer, metrics, Authenticator(settings.credentials_path)
        )
        try:
            yield
        finally:
            writer.stop()  # drain: every accepted request is written before exit
            rejections.stop()  # and every refusal counted
            if owned:
                active.close()

    app = FastAPI(title="Aspects", version=__version__, lifespan=lifespan, docs_url=None)
    app.include_router(lrs.router, prefix="/xAPI", tags=["xAPI"])
    app.include_router(health.router, tags=["operations"])
    app.include_router(lms_routes.sink_router, prefix="/sink", tags=["LMS data"])
    app.include_router(lms_routes.api_router, prefix="/api/v1/lms", tags=["LMS data"])
    app.include_router(
        report_routes.router, prefix="/api/v1", dependencies=[SettledFacts], tags=["reports"]
    )
    app.include_router(
        group_routes.router, prefix="/api/v1", dependencies=[SettledFacts], tags=["learner groups"]
    )
    app.include_router(
        group_edit_routes.router,
        prefix="/api/v1",
        dependencies=[SettledFacts],
        tags=["learner groups"],
    )
    app.include_router(
        learner_routes.router, prefix="/api/v1", dependencies=[SettledFacts], tags=["learners"]
    )
    app.include_router(
        group_part_routes.router,
        prefix="/api/v1",
        dependencies=[SettledFacts],
        tags=["learner groups"],
    )
    app.include_router(pages.router, tags=["dashboards"], include_in_schema=False)
    app.include_router(learner_pages.router, tags=["dashboards"], include_in_schema=False)
    install_error_handlers(app)
    install_page_errors(app)
    app.add_middleware(StaticAssets)  # /static/, inside the access gate (added after it)
    install_auth(app, settings)  # issue 7: the gate on every route, sign-in routes
    return app
