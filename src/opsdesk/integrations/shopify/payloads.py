"""The parts of Shopify's webhook bodies that OpsDesk reads; everything else is ignored.

Shopify sends decimal amounts as strings and ids and quantities as integers; a quantity
sent as text, or a currency no country uses (``XXX``), is refused. Validation errors here
become 422 responses naming the field.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from opsdesk.kernel.inputs import SaleCurrency


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class AddressPayload(_Lenient):
    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    province: str | None = None
    province_code: str | None = None
    zip: str | None = None
    country_code: str | None = None
    phone: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class CustomerPayload(_Lenient):
    id: int | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None


class LineItemPayload(_Lenient):
    id: int
    sku: str | None = None
    title: str = ""
    name: str | None = None
    quantity: int = Field(gt=0, strict=True)  # a number, never the text "2"
    price: str


class ShippingLinePayload(_Lenient):
    price: str = "0"
    title: str = ""


class OrderPayload(_Lenient):
    id: int
    name: str = Field(min_length=1)
    email: str | None = None
    phone: str | None = None
    currency: SaleCurrency
    created_at: datetime
    customer_locale: str | None = None
    note: str | None = None
    subtotal_price: str = "0"
    total_tax: str = "0"
    total_discounts: str = "0"
    total_price: str = "0"
    taxes_included: bool = False
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    line_items: list[LineItemPayload] = Field(min_length=1)
    shipping_lines: list[ShippingLinePayload] = Field(default_factory=list)
    shipping_address: AddressPayload | None = None
    billing_address: AddressPayload | None = None
    customer: CustomerPayload | None = None


class TransactionPayload(_Lenient):
    amount: str
    kind: str
    status: str | None = None
    currency: SaleCurrency | None = None


class RefundPayload(_Lenient):
    id: int
    order_id: int
    created_at: datetime | None = None
    note: str | None = None
    transactions: list[TransactionPayload] = Field(default_factory=list)
