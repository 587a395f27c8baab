"""A small stocked shop and orders for it: a Berlin and a Hamburg warehouse, a mug that
must be in stock (reject when short) and a tee that may wait for a purchase order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from opsdesk import orders
from tests.factories.catalog import make_variant
from tests.factories.customers import berlin_address
from tests.factories.inventory import make_purchase_order, make_warehouse, receive_stock

MUG = "MUG-BLUE"  # reject when short, 19.90 EUR
TEE = "TEE-RED"  # backorder when short, 19.90 EUR


@dataclass(frozen=True)
class Shop:
    berlin: int
    hamburg: int
    mug: int
    tee: int


def make_shop(session: Session, *, mugs: int = 10, tees: int = 2) -> Shop:
    """Mugs and tees in Berlin (the nearer, preferred warehouse); Hamburg starts empty."""
    berlin = make_warehouse(session, "BER", name="Berlin", priority=10, region="BE",
                            country="DE", latitude=52.52, longitude=13.40)  # fmt: skip
    hamburg = make_warehouse(session, "HAM", name="Hamburg Warehouse", priority=20,
                             region="HH", country="DE", latitude=53.55, longitude=9.99)  # fmt: skip
    mug = make_variant(session, MUG, policy="reject")
    tee = make_variant(session, TEE, policy="backorder")
    if mugs:
        receive_stock(session, MUG, berlin, mugs)
    if tees:
        receive_stock(session, TEE, berlin, tees)
    return Shop(berlin=berlin, hamburg=hamburg, mug=mug, tee=tee)


def expect_tees(session: Session, shop: Shop, quantity: int, *, on: date) -> int:
    """An open purchase order of tees for Hamburg; returns its id."""
    return make_purchase_order(session, shop.hamburg, {TEE: quantity}, expected=on).id


Lines = dict[str, int] | list[dict[str, Any]]


def order_payload(lines: Lines | None = None, **overrides: Any) -> dict[str, Any]:
    """JSON of an order; ``lines`` maps SKU to quantity or lists full line objects."""
    if lines is None or isinstance(lines, dict):
        lines = [{"sku": sku, "quantity": q} for sku, q in (lines or {MUG: 2}).items()]
    values: dict[str, Any] = {
        "currency": "EUR",
        "channel": "web",
        "customer": {
            "email": "ana.lima@example.com",
            "first_name": "Ana",
            "last_name": "Lima",
            "locale": "pt-BR",
            "timezone": "Europe/Berlin",
        },
        "lines": lines,
        "shipping_address": berlin_address(),
        "shipping_minor": 490,
    }
    return values | overrides


def place(
    session: Session,
    lines: Lines | None = None,
    *,
    actor: str = "operations:test",
    now: datetime | None = None,
    **overrides: Any,
) -> orders.Order:
    data = orders.OrderCreate.model_validate(order_payload(lines, **overrides))
    return orders.place_order(session, data, actor=actor, strategy="priority", now=now)
