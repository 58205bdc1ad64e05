"""Put access control on an app: its state, the gate middleware and the sign-in routes."""

from __future__ import annotations

from fastapi import FastAPI

from aspects.auth import routes
from aspects.auth.context import AuthContext
from aspects.auth.middleware import AccessMiddleware
from aspects.settings import Settings


def install_auth(app: FastAPI, settings: Settings) -> AuthContext:
    """Called once by the app factory; returns the context (tests reach the LMS client in it)."""
    context = AuthContext.build(settings)
    app.state.auth = context
    app.include_router(routes.router, tags=["access"])
    app.add_middleware(AccessMiddleware, context=context)
    return context
