"""Pure mapping of Shopify webhook bodies to OpsDesk values (no I/O).

Amounts arrive as decimal strings and become integer minor units using the
currency's ISO 4217 exponent (2 for EUR/USD, 0 for JPY, 3 for BHD).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import get_currency_precision, is_currency

from opsdesk.integrations.shopify.payloads import (
    AddressPayload,
    CustomerPayload,
    OrderPayload,
    RefundPayload,
)
from opsdesk.integrations.validation import validate
from opsdesk.kernel.errors import InvalidInput
from opsdesk.orders import OrderCreate

CHANNEL = "shopify"


@dataclass(frozen=True)
class Address:
    name: str
    line1: str
    line2: str
    city: str
    region: str
    postal_code: str
    country: str
    phone: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Customer:
    email: str | None
    first_name: str
    last_name: str
    phone: str
    locale: str


@dataclass(frozen=True)
class Line:
    sku: str
    title: str
    quantity: int
    unit_price_minor: int


@dataclass(frozen=True)
class Totals:
    subtotal_minor: int
    shipping_minor: int
    tax_minor: int  # tax to add on top of the lines (0 when prices include it)
    discount_minor: int
    total_minor: int


@dataclass(frozen=True)
class ShopifyOrder:
    external_id: str
    number: str
    currency: str
    placed_at: datetime
    customer: Customer
    shipping_address: Address | None
    billing_address: Address | None
    lines: tuple[Line, ...]
    totals: Totals
    note: str
    cancel_reason: str

    @property
    def address_or_billing(self) -> Address | None:
        return self.shipping_address or self.billing_address


@dataclass(frozen=True)
class ShopifyRefund:
    external_id: str
    order_external_id: str
    amount_minor: int
    currency: str | None
    reason: str


def to_minor(amount: str, currency: str) -> int:
    """``"409.94"`` USD → 40994; refuses amounts finer than the currency allows."""
    if not is_currency(currency):
        raise InvalidInput(f"unknown currency {currency!r}", details={"field": "currency"})
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError) as exc:
        raise InvalidInput(f"amount {amount!r} is not a decimal number") from exc
    minor = value.scaleb(get_currency_precision(currency))
    if not minor.is_finite() or minor != minor.to_integral_value():
        raise InvalidInput(f"amount {amount!r} has more decimals than {currency} allows")
    return int(minor)


def order_number(name: str) -> str:
    """Shopify's order name (``#1001``) without the decoration, as OpsDesk's number."""
    return name.strip().lstrip("#").strip()


def unwrap(body: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """Webhooks send the bare object; the Admin API wraps it (``{"order": {...}}``)."""
    inner = body.get(key)
    if len(body) == 1 and isinstance(inner, Mapping):
        return inner
    return body


def parse_order(body: Mapping[str, Any], *, default_locale: str = "en") -> ShopifyOrder:
    payload = validate(OrderPayload, unwrap(body, "order"), "Shopify order")
    currency = payload.currency.upper()
    lines = tuple(
        Line(
            sku=(item.sku or "").strip(),
            title=(item.name or item.title)[:200],
            quantity=item.quantity,
            unit_price_minor=to_minor(item.price, currency),
        )
        for item in payload.line_items
    )
    return ShopifyOrder(
        external_id=str(payload.id),
        number=order_number(payload.name),
        currency=currency,
        placed_at=payload.created_at.astimezone(UTC),
        customer=_customer(payload, default_locale),
        shipping_address=_address(payload.shipping_address),
        billing_address=_address(payload.billing_address),
        lines=lines,
        totals=_totals(payload, currency),
        note=(payload.note or "").strip(),
        cancel_reason=(payload.cancel_reason or "").strip(),
    )


def parse_refund(body: Mapping[str, Any]) -> ShopifyRefund:
    """The money actually returned: successful refund transactions, summed."""
    payload = validate(RefundPayload, unwrap(body, "refund"), "Shopify refund")
    refunds = [
        t for t in payload.transactions if t.kind == "refund" and t.status in (None, "success")
    ]
    currencies = {t.currency.upper() for t in refunds if t.currency}
    if len(currencies) > 1:
        raise InvalidInput("a refund in several currencies cannot be recorded")
    currency = currencies.pop() if currencies else None
    amount = sum(to_minor(t.amount, currency) for t in refunds) if currency else 0
    return ShopifyRefund(
        external_id=f"{CHANNEL}:{payload.id}",
        order_external_id=str(payload.order_id),
        amount_minor=amount,
        currency=currency,
        reason=(payload.note or "refunded in Shopify").strip()[:200],
    )


def _customer(payload: OrderPayload, default_locale: str) -> Customer:
    customer = payload.customer or CustomerPayload()
    address = payload.shipping_address or payload.billing_address or AddressPayload()
    email = (payload.email or customer.email or "").strip().lower()
    return Customer(
        email=email or None,
        first_name=_first(customer.first_name, address.first_name),
        last_name=_first(customer.last_name, address.last_name),
        phone=_first(customer.phone, payload.phone, address.phone),
        locale=(payload.customer_locale or default_locale).strip() or default_locale,
    )


def _address(address: AddressPayload | None) -> Address | None:
    if address is None or not (address.address1 or address.city):
        return None
    full_name = address.name or " ".join(
        part for part in (address.first_name, address.last_name) if part
    )
    return Address(
        name=full_name.strip(),
        line1=(address.address1 or "").strip(),
        line2=(address.address2 or "").strip(),
        city=(address.city or "").strip(),
        region=(address.province_code or address.province or "").strip(),
        postal_code=(address.zip or "").strip(),
        country=(address.country_code or "").strip().upper()[:2],
        phone=(address.phone or "").strip(),
        latitude=address.latitude,
        longitude=address.longitude,
    )


def _totals(payload: OrderPayload, currency: str) -> Totals:
    return Totals(
        subtotal_minor=to_minor(payload.subtotal_price, currency),
        shipping_minor=sum(to_minor(s.price, currency) for s in payload.shipping_lines),
        tax_minor=0 if payload.taxes_included else to_minor(payload.total_tax, currency),
        discount_minor=to_minor(payload.total_discounts, currency),
        total_minor=to_minor(payload.total_price, currency),
    )


def _first(*values: str | None) -> str:
    for value in values:
        if value and value.strip():
            return value.strip()
    return ""


def to_order_create(order: ShopifyOrder) -> OrderCreate:
    """The orders service's intake shape; Shopify's own line prices are kept."""
    if order.customer.email is None:
        raise InvalidInput("the Shopify order has no customer e-mail", details={"field": "email"})
    address = order.address_or_billing
    if address is None:
        raise InvalidInput(
            "the Shopify order has no shipping address", details={"field": "shipping_address"}
        )
    body = {
        "number": order.number,
        "channel": CHANNEL,
        "external_id": order.external_id,
        "customer": {
            "email": order.customer.email,
            "first_name": order.customer.first_name[:120],
            "last_name": order.customer.last_name[:120],
            "phone": order.customer.phone[:40],
            "locale": order.customer.locale,
        },
        "currency": order.currency,
        "locale": order.customer.locale,
        "lines": [
            {"sku": line.sku, "quantity": line.quantity, "unit_price_minor": line.unit_price_minor}
            for line in order.lines
        ],
        "shipping_address": shipping_address(address),
        "shipping_minor": order.totals.shipping_minor,
        "tax_minor": order.totals.tax_minor,
        "discount_minor": order.totals.discount_minor,
        "placed_at": order.placed_at,
    }
    return validate(OrderCreate, body, "order for OpsDesk")


def shipping_address(address: Address) -> dict[str, Any]:
    return {
        "name": address.name[:200],
        "line1": address.line1[:200],
        "line2": address.line2[:200],
        "city": address.city[:120],
        "region": address.region[:64],
        "postal_code": address.postal_code[:16],
        "country": address.country,
        "latitude": address.latitude,
        "longitude": address.longitude,
    }


def unknown_skus(order: ShopifyOrder, known: set[str]) -> list[str]:
    return sorted({line.sku or "(no SKU)" for line in order.lines if line.sku not in known})
