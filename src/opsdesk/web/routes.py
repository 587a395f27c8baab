"""Every module's router, mounted under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from opsdesk.staff import api as staff_api
from opsdesk.web import pages

API_ROUTERS: tuple[APIRouter, ...] = (staff_api.router,)


def install(app: FastAPI) -> None:
    app.include_router(pages.router)
    for router in API_ROUTERS:
        app.include_router(router, prefix="/api/v1")
