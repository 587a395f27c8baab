"""Every module's router, mounted under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from opsdesk.catalog import api as catalog_api
from opsdesk.customers import api as customers_api
from opsdesk.fulfilment import api as fulfilment_api
from opsdesk.integrations.easypost import api as easypost_api
from opsdesk.integrations.shopify import api as shopify_api
from opsdesk.inventory import api as inventory_api
from opsdesk.notifications import api as notifications_api
from opsdesk.orders import api as orders_api
from opsdesk.returns import api as returns_api
from opsdesk.shipping import api as shipping_api
from opsdesk.staff import api as staff_api
from opsdesk.web import outbox_api, pages
from opsdesk.web.ui import pages as ui_pages

API_ROUTERS: tuple[APIRouter, ...] = (
    staff_api.router,
    outbox_api.router,
    customers_api.router,
    catalog_api.router,
    inventory_api.router,
    orders_api.router,
    shopify_api.router,
    easypost_api.router,
    shipping_api.router,
    fulfilment_api.router,
    returns_api.router,
    notifications_api.router,
)


def install(app: FastAPI) -> None:
    app.include_router(pages.router)
    app.include_router(ui_pages.router)
    for router in API_ROUTERS:
        app.include_router(router, prefix="/api/v1")
