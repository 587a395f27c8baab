"""Every module's router, mounted under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI

from opsdesk import registry
from opsdesk.assistant.chat import api as chat_api
from opsdesk.assistant.knowledge import api as knowledge_api
from opsdesk.catalog import api as catalog_api
from opsdesk.customers import api as customers_api
from opsdesk.fulfilment import api as fulfilment_api
from opsdesk.fx import api as fx_api
from opsdesk.integrations.easypost import api as easypost_api
from opsdesk.integrations.shopify import api as shopify_api
from opsdesk.inventory import api as inventory_api
from opsdesk.inventory import suppliers_api as inventory_suppliers_api
from opsdesk.notifications import api as notifications_api
from opsdesk.orders import api as orders_api
from opsdesk.proactive import api as proactive_api
from opsdesk.proactive import rules_api as proactive_rules_api
from opsdesk.promotions import api as promotions_api
from opsdesk.promotions import caps_api as promotions_caps_api
from opsdesk.replenishment import api as replenishment_api
from opsdesk.returns import api as returns_api
from opsdesk.shipping import api as shipping_api
from opsdesk.staff import api as staff_api
from opsdesk.support import actions_api as support_actions_api
from opsdesk.support import api as support_api
from opsdesk.support import csat_api as support_csat_api
from opsdesk.support import inbound_api as support_inbound_api
from opsdesk.support import macros_api as support_macros_api
from opsdesk.support.overview import api as overview_api
from opsdesk.tone import api as tone_api
from opsdesk.web import (
    apidocs,
    body_limits,
    health,
    metrics_route,
    outbox_api,
    pages,
    purchase_orders_api,
)
from opsdesk.web.chat import routes as chat_routes
from opsdesk.web.portal import routes as portal_routes
from opsdesk.web.survey import routes as survey_routes
from opsdesk.web.text_input import refuse_nul
from opsdesk.web.ui import actions as ui_actions
from opsdesk.web.ui import discounts as ui_discounts
from opsdesk.web.ui import disruptions as ui_disruptions
from opsdesk.web.ui import inbox as ui_inbox
from opsdesk.web.ui import knowledge as ui_knowledge
from opsdesk.web.ui import operations as ui_operations
from opsdesk.web.ui import outbox as ui_outbox
from opsdesk.web.ui import pages as ui_pages
from opsdesk.web.ui import password as ui_password
from opsdesk.web.ui import reports as ui_reports
from opsdesk.web.ui import rules as ui_rules
from opsdesk.web.ui import staff_admin as ui_staff_admin
from opsdesk.web.ui import ticket as ui_ticket
from opsdesk.web.ui import webhooks as ui_webhooks
from opsdesk.web.ui.ops import catalog as ui_ops_catalog
from opsdesk.web.ui.ops import customers as ui_ops_customers
from opsdesk.web.ui.ops import customers_edit as ui_ops_customers_edit
from opsdesk.web.ui.ops import forecast as ui_ops_forecast
from opsdesk.web.ui.ops import fulfilment as ops_fulfilment
from opsdesk.web.ui.ops import orders as ui_ops_orders
from opsdesk.web.ui.ops import orders_actions as ui_ops_orders_actions
from opsdesk.web.ui.ops import orders_bulk as ui_ops_orders_bulk
from opsdesk.web.ui.ops import packing as ops_packing
from opsdesk.web.ui.ops import purchasing_dock as ui_ops_purchasing_dock
from opsdesk.web.ui.ops import purchasing_order as ui_ops_purchasing_order
from opsdesk.web.ui.ops import purchasing_orders as ui_ops_purchasing_orders
from opsdesk.web.ui.ops import purchasing_suppliers as ui_ops_purchasing_suppliers
from opsdesk.web.ui.ops import replenishment as ui_ops_replenishment
from opsdesk.web.ui.ops import replenishment_forms as ui_ops_replenishment_forms
from opsdesk.web.ui.ops import replenishment_overrides as ui_ops_replenishment_overrides
from opsdesk.web.ui.ops import returns as ui_ops_returns
from opsdesk.web.ui.ops import shipments as ops_shipments
from opsdesk.web.ui.ops import stock as ui_ops_stock
from opsdesk.web.ui.ops import stock_csv as ui_ops_stock_csv
from opsdesk.web.ui.ops import stock_forms as ui_ops_stock_forms
from opsdesk.web.ui.ops import stock_transfers as ui_ops_stock_transfers
from opsdesk.webhooks import api as webhooks_api

# Matched in this order, every route tried in turn: FastAPI's included routers (0.137 and
# later) do not skip a router whose prefix cannot match (upstream pull request #16159
# would). So the API goes before the pages and the calls shops and carriers make most —
# orders, stock, webhooks — go first: finding POST /api/v1/orders fell from ~220 to
# ~12 µs, a workspace page rose from ~35 to ~300 µs. Each path and method is routed once,
# so the order changes only the cost of finding a route (but see proactive / shipping).
API_PREFIX = "/api/v1"
API_ROUTERS: tuple[APIRouter, ...] = (
    orders_api.router,
    inventory_api.router,
    inventory_suppliers_api.router,
    purchase_orders_api.router,
    shopify_api.router,
    easypost_api.router,
    staff_api.router,
    outbox_api.router,
    customers_api.router,
    catalog_api.router,
    proactive_api.router,  # before shipping: /shipments/at-risk is not a shipment id
    proactive_rules_api.router,
    shipping_api.router,
    fulfilment_api.router,
    returns_api.router,
    notifications_api.router,
    promotions_api.router,
    promotions_caps_api.router,
    fx_api.router,
    tone_api.router,
    support_api.router,
    support_inbound_api.router,
    support_actions_api.router,
    support_macros_api.router,
    support_csat_api.router,
    overview_api.router,
    chat_api.router,
    knowledge_api.router,
    webhooks_api.router,
    replenishment_api.router,
)

# The operations workspace, one router per screen (web/ui/ops/).
OPS_ROUTERS: tuple[APIRouter, ...] = (
    ui_ops_stock.router,
    ui_ops_stock_forms.router,
    ui_ops_stock_transfers.router,
    ui_ops_stock_csv.router,
    ui_ops_forecast.router,
    ops_fulfilment.router,
    ops_packing.router,
    ui_ops_catalog.router,
    ui_ops_customers_edit.router,
    ui_ops_customers.router,
    ops_shipments.router,
    ui_ops_returns.router,
    ui_ops_orders_bulk.router,
    ui_ops_orders_actions.router,
    ui_ops_orders.router,
    ui_ops_purchasing_orders.router,
    ui_ops_purchasing_order.router,
    ui_ops_purchasing_dock.router,
    ui_ops_purchasing_suppliers.router,
    ui_ops_replenishment.router,
    ui_ops_replenishment_forms.router,
    ui_ops_replenishment_overrides.router,
)


def install(app: FastAPI) -> None:
    settings = app.state.settings
    # The carriers the shipping routes resolve names in (shipping.carriers_of).
    app.state.carriers = registry.carriers(settings)
    app.include_router(health.router)  # probes come often: first to match
    app.include_router(metrics_route.router)
    for router in API_ROUTERS:
        limit = body_limits.for_api_router(router, settings)
        app.include_router(
            router, prefix=API_PREFIX, max_body_size=limit, dependencies=[Depends(refuse_nul)]
        )
    app.include_router(pages.router)
    app.include_router(ui_pages.router)
    app.include_router(ui_inbox.router)
    app.include_router(ui_ticket.router)
    app.include_router(ui_actions.router)
    app.include_router(ui_operations.router)
    app.include_router(ui_disruptions.router)
    app.include_router(ui_rules.router)
    app.include_router(ui_reports.router)
    app.include_router(ui_outbox.router)
    app.include_router(ui_webhooks.router)
    app.include_router(ui_discounts.router)
    app.include_router(ui_staff_admin.router)
    app.include_router(ui_password.router)
    app.include_router(ui_knowledge.router)
    for router in OPS_ROUTERS:
        app.include_router(router)
    app.include_router(portal_routes.router, max_body_size=body_limits.CUSTOMER_FORM_BYTES)
    app.include_router(survey_routes.router, max_body_size=body_limits.CUSTOMER_FORM_BYTES)
    app.include_router(chat_routes.router)
    app.include_router(apidocs.router)
