"""Worker wiring of the sync-back: after a shipment, a cancellation (whole or of some lines)
or a refund commits, keep what the shop must hear and send it; a job retries what is due.

Nothing is wired when no shop is configured (``OPSDESK_SHOPIFY_SHOP_DOMAIN`` and
``OPSDESK_SHOPIFY_ACCESS_TOKEN``). Changes that came *from* Shopify (its cancellation and
refund webhooks) are not sent back to it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import fulfilment, orders, shipping
from opsdesk.config import Settings
from opsdesk.integrations.shopify import sync
from opsdesk.integrations.shopify.client import ShopConfig, ShopifyClient
from opsdesk.integrations.shopify.common import ACTOR as SHOPIFY_WEBHOOK_ACTOR
from opsdesk.integrations.shopify.sync_models import ShopSync, SyncKind
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.schedule import Job

Handler = Callable[[Session, OutboxEvent], None]
RETRY_EVERY = timedelta(seconds=15)


def shop_config(settings: Settings) -> ShopConfig | None:
    if not (settings.shopify_shop_domain and settings.shopify_access_token):
        return None
    return ShopConfig(
        settings.shopify_shop_domain, settings.shopify_access_token, settings.shopify_api_version
    )


def _shipped_skus(session: Session, fulfilment_id: int | None) -> dict[str, int] | None:
    if fulfilment_id is None:
        return None
    shipped: dict[str, int] = {}
    for line in fulfilment.get_fulfilment(session, fulfilment_id).lines:
        shipped[line.sku] = shipped.get(line.sku, 0) + line.quantity
    return shipped


def _cancelled_now(session: Session, p: dict[str, Any]) -> dict[str, int]:
    """Units per SKU this cancellation took off the order: each line's cancelled units less
    what earlier line cancellations of the order already told the shop."""
    told: dict[str, int] = {}
    for data in session.scalars(
        sa.select(ShopSync.data).where(
            ShopSync.order_id == int(p["order_id"]), ShopSync.kind == SyncKind.LINE_CANCELLATION
        )
    ):
        for sku, quantity in (data.get("skus") or {}).items():
            told[sku] = told.get(sku, 0) + int(quantity)
    ids = [int(i) for i in p.get("order_line_ids") or ()]
    cancelled: dict[str, int] = {}
    lines = session.execute(
        sa.select(
            orders.OrderLine.id, orders.OrderLine.sku, orders.OrderLine.quantity_cancelled
        ).where(orders.OrderLine.order_id == int(p["order_id"]))
    )
    for line in lines:
        if line.id in ids or not ids:
            cancelled[line.sku] = cancelled.get(line.sku, 0) + line.quantity_cancelled
    now = {sku: q - told.get(sku, 0) for sku, q in cancelled.items()}
    return {sku: q for sku, q in now.items() if q > 0}


def shipment_data(session: Session, shipment_id: int) -> dict[str, Any]:
    """Carrier and tracking as the shop shows them: the real carrier when an aggregator
    (EasyPost) sold the label."""
    shipment = shipping.get_shipment(session, shipment_id)
    label = shipping.label_of(session, shipment_id)
    return {
        "shipment_id": shipment_id,
        "company": (label.company if label and label.company else shipment.carrier),
        "tracking_number": shipment.tracking_number or "",
        "tracking_url": shipment.tracking_url,
        "skus": _shipped_skus(session, shipment.fulfilment_id),
    }


def enqueue_for(session: Session, event: OutboxEvent) -> int | None:
    """The sync row an event asks for (its id), if any."""
    p = event.payload
    row = None
    if event.name == "ShipmentCreated":
        data = shipment_data(session, int(p["shipment_id"]))
        key = f"shipment:{p['shipment_id']}"
        row = sync.enqueue(session, SyncKind.FULFILLMENT, key, int(p["order_id"]), data)
    elif event.name == "OrderCancelled" and p.get("whole_order"):
        if p.get("actor") != SHOPIFY_WEBHOOK_ACTOR:
            data = {"reason": p.get("reason", "")}
            key = f"order:{p['order_id']}"
            row = sync.enqueue(session, SyncKind.CANCELLATION, key, int(p["order_id"]), data)
    elif event.name == "OrderCancelled" and p.get("actor") != SHOPIFY_WEBHOOK_ACTOR:
        data = {"reason": p.get("reason", ""), "skus": _cancelled_now(session, p)}
        key = f"lines:{event.event_id}"
        if data["skus"]:
            row = sync.enqueue(session, SyncKind.LINE_CANCELLATION, key, int(p["order_id"]), data)
    elif event.name == "RefundRecorded" and not p.get("external_id"):
        keys = ("refund_id", "amount_minor", "currency")
        data = {k: p[k] for k in keys}
        key = f"refund:{p['refund_id']}"
        row = sync.enqueue(session, SyncKind.REFUND, key, int(p["order_id"]), data)
    return row.id if row else None


def after_commit(settings: Settings) -> dict[str, list[Handler]]:
    config = shop_config(settings)
    if config is None:
        return {}

    def send_to_shop(session: Session, event: OutboxEvent) -> None:
        sync_id = enqueue_for(session, event)
        if sync_id is None:
            return
        client = ShopifyClient(config)
        try:
            sync.push(session, sync_id, client)
        finally:
            client.close()

    names = ("ShipmentCreated", "OrderCancelled", "RefundRecorded")
    return {name: [send_to_shop] for name in names}


def jobs(settings: Settings) -> list[Job]:
    config = shop_config(settings)
    if config is None:
        return []

    def send_due(session: Session, now: datetime) -> None:
        client = ShopifyClient(config)
        try:
            for sync_id in sync.due_ids(session, now):
                sync.push(session, sync_id, client, now)
        finally:
            client.close()

    return [Job("shopify.sync_due", RETRY_EVERY, send_due)]
