"""A fake Shopify shop (Admin REST API, one pinned version) that checks what it is sent.

It knows orders with line items, their fulfillment orders and payment transactions, and
answers like Shopify: ``{"errors": …}`` with 401 for a wrong token, 404 for an unknown
path or version, 422 for a body of the wrong shape. Tests queue 429s and 5xx answers.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from tests.support.fake_http import Answer, Call, serve

TOKEN = "shpat_test_token"
VERSION = "2025-10"
CANCEL_REASONS = {"customer", "inventory", "fraud", "declined", "other"}
RESTOCK_TYPES = {"no_restock", "cancel", "return"}


def refused(status: int, errors: Any) -> Answer:
    return Answer(status, {"errors": errors})


@dataclass
class FakeShop:
    url: str = ""
    calls: list[Call] = field(default_factory=list)
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    fulfillment_orders: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    transactions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fulfillments: list[dict[str, Any]] = field(default_factory=list)
    refunds: list[dict[str, Any]] = field(default_factory=list)
    queued: list[Answer] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(255858046))

    def add_order(self, order_id: str, lines: dict[str, int]) -> None:
        """An unfulfilled, paid order: ``lines`` maps SKU to quantity."""
        items = [{"id": 466157049 + i, "sku": sku, "quantity": qty}
                 for i, (sku, qty) in enumerate(lines.items())]  # fmt: skip
        self.orders[order_id] = {"id": int(order_id), "line_items": items, "cancelled_at": None}
        fo_lines = [{"id": 1025578633 + i, "line_item_id": li["id"], "quantity": li["quantity"],
                     "fulfillable_quantity": li["quantity"]} for i, li in enumerate(items)]  # fmt: skip
        fo = {"id": 1046000800 + len(self.fulfillment_orders), "order_id": int(order_id),
              "status": "open", "line_items": fo_lines}  # fmt: skip
        self.fulfillment_orders[order_id] = [fo]
        self.transactions[order_id] = [
            {"id": 389404469, "kind": "authorization", "status": "success", "gateway": "bogus"},
            {"id": 389404470, "kind": "capture", "status": "success", "gateway": "bogus"},
        ]

    def writes(self) -> list[Call]:
        return [c for c in self.calls if c.method == "POST"]

    def answer(self, call: Call) -> Answer:
        if call.headers.get("x-shopify-access-token") != TOKEN:
            return refused(401, "[API] Invalid API key or access token (unrecognized login or wrong password)")  # fmt: skip
        prefix = f"/admin/api/{VERSION}/"
        if not call.path.startswith(prefix):
            return refused(404, "Not Found")
        if self.queued:
            return self.queued.pop(0)
        parts = call.path[len(prefix) :].removesuffix(".json").split("/")
        return self._route(call, parts)

    def _route(self, call: Call, parts: list[str]) -> Answer:
        if call.method == "POST" and parts == ["fulfillments"]:
            return self._fulfil(call.body)
        order = self.orders.get(parts[1]) if len(parts) > 1 and parts[0] == "orders" else None
        if order is None:
            return refused(404, "Not Found")
        oid, rest = parts[1], parts[2:]
        if call.method == "GET" and rest == []:
            wanted = (call.query.get("fields") or [""])[0].split(",")
            return Answer(200, {"order": {k: v for k, v in order.items() if k in wanted}})
        if call.method == "GET" and rest == ["fulfillment_orders"]:
            return Answer(200, {"fulfillment_orders": self.fulfillment_orders[oid]})
        if call.method == "GET" and rest == ["transactions"]:
            return Answer(200, {"transactions": self.transactions[oid]})
        if call.method == "POST" and rest == ["cancel"]:
            return self._cancel(order, call.body or {})
        if call.method == "GET" and rest == ["refunds"]:
            return Answer(200, {"refunds": [r for r in self.refunds if str(r["order_id"]) == oid]})
        if call.method == "POST" and rest == ["refunds"]:
            return self._refund(oid, call.body or {})
        return refused(404, "Not Found")

    def _fulfil(self, body: dict[str, Any]) -> Answer:
        f = (body or {}).get("fulfillment") or {}
        tracking = f.get("tracking_info") or {}
        if not tracking.get("number") or not tracking.get("company"):
            return refused(422, {"tracking_info": ["needs company and number"]})
        groups = f.get("line_items_by_fulfillment_order") or []
        if not groups:
            return refused(422, {"line_items_by_fulfillment_order": ["can't be blank"]})
        taken = []
        for group in groups:
            fo = next((fo for fos in self.fulfillment_orders.values() for fo in fos
                       if fo["id"] == group.get("fulfillment_order_id")), None)  # fmt: skip
            if fo is None or fo["status"] not in ("open", "in_progress"):
                return refused(422, {"fulfillment_order": ["is not open"]})
            for item in group.get("fulfillment_order_line_items") or []:
                line = next((li for li in fo["line_items"] if li["id"] == item.get("id")), None)
                if line is None or not 0 < item.get("quantity", 0) <= line["fulfillable_quantity"]:
                    return refused(422, {"fulfillment_order_line_items": ["invalid quantity"]})
                taken.append((fo, line, item["quantity"]))
        for fo, line, quantity in taken:
            line["fulfillable_quantity"] -= quantity
            if all(li["fulfillable_quantity"] == 0 for li in fo["line_items"]):
                fo["status"] = "closed"
        created = {"id": next(self._ids), "status": "success", "tracking_company": tracking["company"],
                   "tracking_number": tracking["number"], "tracking_url": tracking.get("url"),
                   "notify_customer": f.get("notify_customer")}  # fmt: skip
        self.fulfillments.append(created)
        return Answer(201, {"fulfillment": created})

    def _cancel(self, order: dict[str, Any], body: dict[str, Any]) -> Answer:
        if body.get("reason") not in CANCEL_REASONS:
            return refused(422, {"reason": ["is not included in the list"]})
        if order["cancelled_at"]:
            return refused(422, "Cannot cancel an order that has already been cancelled")
        order["cancelled_at"] = "2026-12-07T12:00:00-05:00"
        return Answer(200, {"order": order})

    def _refund(self, oid: str, body: dict[str, Any]) -> Answer:
        refund = body.get("refund") or {}
        for t in refund.get("transactions") or []:
            parents = {p["id"] for p in self.transactions[oid]}
            try:
                positive = Decimal(t.get("amount")) > 0
            except (InvalidOperation, TypeError):
                positive = False
            if t.get("kind") != "refund" or t.get("parent_id") not in parents or not positive:
                return refused(422, {"transactions": ["are invalid"]})
        problem = self._cancel_lines(oid, refund.get("refund_line_items") or [])
        if problem:
            return refused(422, {"refund_line_items": [problem]})
        created = {"id": next(self._ids), "order_id": int(oid), **refund}
        self.refunds.append(created)
        return Answer(201, {"refund": created})

    def _cancel_lines(self, oid: str, items: list[dict[str, Any]]) -> str:
        """Checks each ``refund_line_items`` entry like Shopify (a known line item, a
        positive quantity it still has unfulfilled for "cancel", a known restock type),
        then takes the cancelled units off the open fulfilment order."""
        open_lines = {li["line_item_id"]: li for fo in self.fulfillment_orders[oid]
                      for li in fo["line_items"]}  # fmt: skip
        for item in items:
            line = open_lines.get(item.get("line_item_id"))
            quantity = item.get("quantity")
            if item.get("restock_type") not in RESTOCK_TYPES:
                return "restock_type is not included in the list"
            if line is None or not isinstance(quantity, int) or quantity <= 0:
                return "line_item_id or quantity is invalid"
            if item["restock_type"] == "cancel" and quantity > line["fulfillable_quantity"]:
                return "cannot cancel more than the unfulfilled quantity"
        for item in items:
            if item["restock_type"] == "cancel":
                open_lines[item["line_item_id"]]["fulfillable_quantity"] -= item["quantity"]
        return ""


@contextmanager
def running() -> Iterator[FakeShop]:
    shop = FakeShop()
    with serve(shop.answer, shop.calls) as url:
        shop.url = url
        yield shop
