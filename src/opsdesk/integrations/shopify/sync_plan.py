"""Pure decisions of the sync-back: request bodies and when to try again (no I/O).

Fulfilments use the fulfillment-order flow (``POST /fulfillments.json`` with
``line_items_by_fulfillment_order``): Shopify removed the older order-based
``/orders/{id}/fulfillments.json`` creation in API 2023-01, and the fulfillment-order
flow is the one its current REST and GraphQL (``fulfillmentCreate``) documents describe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from babel.numbers import get_currency_precision

OPEN_STATES = frozenset({"open", "in_progress"})
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=1)
MAX_ATTEMPTS = 10


def next_attempt(attempts: int, now: datetime, retry_after: float | None) -> datetime:
    """Exponential backoff from 30 s, capped at an hour, never sooner than Shopify asked."""
    backoff = min(MAX_DELAY, BASE_DELAY * 2 ** max(0, attempts - 1))
    asked = timedelta(seconds=retry_after or 0)
    return now + max(backoff, asked)


def plan_fulfillment(
    fulfillment_orders: Sequence[Mapping[str, Any]],
    sku_of_line: Mapping[str, str],
    wanted: Mapping[str, int] | None,
) -> list[dict[str, Any]]:
    """Which open fulfilment-order lines this parcel fulfils: the shipped quantity per SKU,
    taken from the open lines in order; everything still open when ``wanted`` is None."""
    left = dict(wanted) if wanted is not None else None
    plan = []
    for fo in fulfillment_orders:
        if fo.get("status") not in OPEN_STATES:
            continue
        items = []
        for line in fo.get("line_items", ()):
            open_qty = int(line.get("fulfillable_quantity") or 0)
            sku = sku_of_line.get(str(line.get("line_item_id")), "")
            take = open_qty if left is None else min(open_qty, left.get(sku, 0))
            if take > 0:
                items.append({"id": line["id"], "quantity": take})
                if left is not None:
                    left[sku] -= take
        if items:
            plan.append({"fulfillment_order_id": fo["id"], "fulfillment_order_line_items": items})
    return plan


def fulfillment_body(plan: list[dict[str, Any]], data: Mapping[str, Any]) -> dict[str, Any]:
    """``notify_customer`` is off: OpsDesk sends the customer its own shipping message."""
    return {
        "fulfillment": {
            "line_items_by_fulfillment_order": plan,
            "tracking_info": {
                "company": data["company"],
                "number": data["tracking_number"],
                "url": data["tracking_url"],
            },
            "notify_customer": False,
        }
    }


def decimal_amount(amount_minor: int, currency: str) -> str:
    places = get_currency_precision(currency)
    return f"{Decimal(amount_minor).scaleb(-places):.{places}f}"


def refund_body(
    transactions: Sequence[Mapping[str, Any]], data: Mapping[str, Any]
) -> dict[str, Any] | None:
    """A refund against the order's captured payment; None when there is none to refund."""
    paid = [
        t for t in transactions
        if t.get("kind") in ("sale", "capture") and t.get("status") == "success"
    ]  # fmt: skip
    if not paid:
        return None
    parent = paid[-1]
    return {
        "refund": {
            "currency": data["currency"],
            "notify": False,
            "note": f"Refund {data['refund_id']} from OpsDesk",
            "transactions": [
                {
                    "parent_id": parent["id"],
                    "amount": decimal_amount(int(data["amount_minor"]), data["currency"]),
                    "kind": "refund",
                    "gateway": parent.get("gateway", ""),
                }
            ],
        }
    }


def cancel_body(reason: str) -> dict[str, Any]:
    """Shopify's reasons are a fixed set; OpsDesk's free text goes to the order note instead."""
    return {"reason": "customer" if "customer" in reason.lower() else "other", "email": False}


def plan_line_cancel(
    line_items: Sequence[Mapping[str, Any]], wanted: Mapping[str, int]
) -> list[dict[str, Any]]:
    """Shopify's ``refund_line_items`` for cancelled units per SKU, taken from the order's
    line items in order (``restock_type`` "cancel": the units were never fulfilled)."""
    left = dict(wanted)
    plan = []
    for item in line_items:
        sku = str(item.get("sku") or "")
        take = min(int(item.get("quantity") or 0), left.get(sku, 0))
        if take > 0:
            plan.append({"line_item_id": item["id"], "quantity": take, "restock_type": "cancel"})
            left[sku] -= take
    return plan


def line_cancel_body(plan: list[dict[str, Any]], note: str) -> dict[str, Any]:
    """A refund that cancels and restocks lines and moves no money (``transactions`` empty):
    OpsDesk sends any money back as its own refund sync."""
    return {
        "refund": {"notify": False, "note": note, "refund_line_items": plan, "transactions": []}
    }
