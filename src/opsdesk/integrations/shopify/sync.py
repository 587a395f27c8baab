"""Sending OpsDesk's changes back to the shop an order came from: a fulfilment with carrier
and tracking when a parcel ships, the cancellation of a whole order or of some of its
lines (a refund with ``refund_line_items`` and ``restock_type`` "cancel"), a refund.

Each change is kept as a :class:`ShopSync` row in the transaction that relays its event,
then sent; a 429, a 5xx or a timeout sets the next try (backoff, never sooner than
``Retry-After``) for the ``shopify.sync_due`` job, and a refusal (any other 4xx) parks the
row and says why on the order's timeline, where the team looks.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders
from opsdesk.integrations.shopify import sync_plan
from opsdesk.integrations.shopify.client import ShopifyClient, ShopifyRejected, ShopifyRetryLater
from opsdesk.integrations.shopify.mapping import CHANNEL
from opsdesk.integrations.shopify.sync_models import ShopSync, SyncKind, SyncStatus
from opsdesk.kernel.db import utcnow

ACTOR = "integration:shopify-sync"


def shop_order_id(session: Session, order_id: int) -> str | None:
    """The Shopify id of an order that came from the shop; None for any other order."""
    row = session.execute(
        sa.select(orders.Order.channel, orders.Order.external_id).where(orders.Order.id == order_id)
    ).one_or_none()
    if row is None or row.channel != CHANNEL or not row.external_id:
        return None
    return str(row.external_id)


def enqueue(
    session: Session, kind: SyncKind, source_key: str, order_id: int, data: Mapping[str, Any]
) -> ShopSync | None:
    """Keep one change to send; None for orders not from the shop, or one already kept."""
    shop_id = shop_order_id(session, order_id)
    if shop_id is None:
        return None
    if session.scalar(sa.select(ShopSync.id).where(ShopSync.source_key == source_key)):
        return None
    row = ShopSync(
        kind=kind, source_key=source_key, order_id=order_id, shop_order_id=shop_id,
        data=dict(data), next_attempt_at=utcnow(),
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def push(
    session: Session, sync_id: int, client: ShopifyClient, now: datetime | None = None
) -> bool:
    """Try to send one pending change; True when Shopify has it."""
    at = now or utcnow()
    row = session.get(ShopSync, sync_id, with_for_update=True)
    if row is None or row.status is not SyncStatus.PENDING:
        return False
    row.attempts += 1
    try:
        row.remote_id, said = SENDERS[row.kind](client, row)
    except ShopifyRetryLater as exc:
        return _later(session, row, str(exc), exc.retry_after, at)
    except ShopifyRejected as exc:
        return _park(session, row, str(exc), at)
    row.status, row.sent_at, row.last_error = SyncStatus.SENT, at, ""
    _note(session, row, "shopify.synced", said, at)
    return True


def due_ids(session: Session, now: datetime, limit: int = 100) -> list[int]:
    return list(
        session.scalars(
            sa.select(ShopSync.id)
            .where(ShopSync.status == SyncStatus.PENDING, ShopSync.next_attempt_at <= now)
            .order_by(ShopSync.next_attempt_at, ShopSync.id)
            .limit(limit)
        )
    )


def _later(
    session: Session, row: ShopSync, reason: str, retry_after: float | None, at: datetime
) -> bool:
    row.last_error = reason[:500]
    if row.attempts >= sync_plan.MAX_ATTEMPTS:
        return _park(session, row, f"gave up after {row.attempts} attempts: {reason}", at)
    row.next_attempt_at = sync_plan.next_attempt(row.attempts, at, retry_after)
    return False


def _park(session: Session, row: ShopSync, reason: str, at: datetime) -> bool:
    row.status, row.last_error = SyncStatus.PARKED, reason[:500]
    summary = f"Shopify refused the {row.kind.value} sync: {reason}"
    _note(session, row, "shopify.sync_refused", summary, at)
    return False


def _note(session: Session, row: ShopSync, kind: str, summary: str, at: datetime) -> None:
    orders.add_timeline_event(
        session, row.order_id, kind=kind, summary=summary[:500], actor=ACTOR,
        data={"sync_id": row.id, "kind": row.kind.value, "remote_id": row.remote_id},
        occurred_at=at,
    )  # fmt: skip


def _send_fulfillment(client: ShopifyClient, row: ShopSync) -> tuple[str, str]:
    order = client.get(f"/orders/{row.shop_order_id}.json?fields=id,line_items")["order"]
    sku_of_line = {str(li["id"]): li.get("sku") or "" for li in order.get("line_items", ())}
    fos = client.get(f"/orders/{row.shop_order_id}/fulfillment_orders.json")
    open_orders = fos.get("fulfillment_orders", ())
    plan = sync_plan.plan_fulfillment(open_orders, sku_of_line, row.data.get("skus"))
    number = row.data["tracking_number"]
    if not plan and any(fo.get("status") in sync_plan.OPEN_STATES for fo in open_orders):
        skus = ", ".join(sorted(row.data.get("skus") or {})) or "none"
        raise ShopifyRejected(f"no open Shopify line carries the shipped SKUs ({skus})", 422)
    if not plan:  # sent before a crash, or fulfilled in Shopify by hand
        return "", f"Shopify had nothing left to fulfil for tracking {number}"
    created = client.post("/fulfillments.json", sync_plan.fulfillment_body(plan, row.data))
    remote = str(created.get("fulfillment", {}).get("id", ""))
    return remote, f"Fulfilment sent to Shopify: {row.data['company']} {number}"


def _send_cancellation(client: ShopifyClient, row: ShopSync) -> tuple[str, str]:
    order = client.get(f"/orders/{row.shop_order_id}.json?fields=id,cancelled_at")["order"]
    if order.get("cancelled_at"):
        return "", "Shopify already had the order cancelled"
    client.post(
        f"/orders/{row.shop_order_id}/cancel.json",
        sync_plan.cancel_body(str(row.data.get("reason", ""))),
    )
    return row.shop_order_id, "Cancellation sent to Shopify"


def _send_line_cancellation(client: ShopifyClient, row: ShopSync) -> tuple[str, str]:
    """Once only: a refund already carrying this sync's key in its note was sent before a
    crash. SKUs Shopify does not list are a refusal, parked for a person."""
    note = f"Lines cancelled in OpsDesk ({row.source_key}): {row.data.get('reason', '')}"[:255]
    sent = client.get(f"/orders/{row.shop_order_id}/refunds.json").get("refunds", ())
    if any(row.source_key in str(r.get("note") or "") for r in sent):
        return "", "Shopify already had the cancelled lines"
    order = client.get(f"/orders/{row.shop_order_id}.json?fields=id,line_items")["order"]
    wanted = {str(k): int(v) for k, v in (row.data.get("skus") or {}).items()}
    plan = sync_plan.plan_line_cancel(order.get("line_items", ()), wanted)
    if sum(p["quantity"] for p in plan) < sum(wanted.values()):
        skus = ", ".join(sorted(wanted))
        raise ShopifyRejected(f"Shopify's order does not list the cancelled SKUs ({skus})", 422)
    created = client.post(
        f"/orders/{row.shop_order_id}/refunds.json", sync_plan.line_cancel_body(plan, note)
    )
    units = ", ".join(f"{q} x {sku}" for sku, q in sorted(wanted.items()))
    return str(created.get("refund", {}).get("id", "")), f"Cancelled lines sent to Shopify: {units}"


def _send_refund(client: ShopifyClient, row: ShopSync) -> tuple[str, str]:
    found = client.get(f"/orders/{row.shop_order_id}/transactions.json")
    body = sync_plan.refund_body(found.get("transactions", ()), row.data)
    if body is None:
        raise ShopifyRejected("Shopify shows no captured payment to refund", 422)
    created = client.post(f"/orders/{row.shop_order_id}/refunds.json", body)
    amount = sync_plan.decimal_amount(int(row.data["amount_minor"]), row.data["currency"])
    remote = str(created.get("refund", {}).get("id", ""))
    return remote, f"Refund of {amount} {row.data['currency']} sent to Shopify"


SENDERS = {
    SyncKind.FULFILLMENT: _send_fulfillment,
    SyncKind.CANCELLATION: _send_cancellation,
    SyncKind.LINE_CANCELLATION: _send_line_cancellation,
    SyncKind.REFUND: _send_refund,
}
