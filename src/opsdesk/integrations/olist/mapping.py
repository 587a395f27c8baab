"""Pure mapping of Olist rows to OpsDesk values: keys, timestamps, money, statuses.

Olist timestamps are local Brazilian wall-clock times (America/Sao_Paulo, which still
had daylight saving time in 2017); they are stored in UTC. The estimated delivery
"timestamp" is a promise of a day and stays a date.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from opsdesk.orders import OrderStatus
from opsdesk.shipping import ShipmentStatus

CHANNEL = "olist"
CURRENCY = "BRL"
LOCALE = "pt-BR"
COUNTRY = "BR"
TIMEZONE_NAME = "America/Sao_Paulo"
LOCAL_ZONE = ZoneInfo(TIMEZONE_NAME)
ACTOR = "import:olist"
CARRIER = "olist"
SKU_PREFIX = "OL-"
WAREHOUSE_PREFIX = "olist-"
CUSTOMER_PREFIX = "olist:"
# Letters, digits, _ and -, and short enough for the SKU ("OL-" + id, 64) and the
# customer reference ("olist:" + id, 80) built from them.
_IDENTIFIER = re.compile(r"[0-9A-Za-z_-]{1,60}")
# Beyond these a value is a broken cell, not data: amounts in reais (the minor units must
# fit the 64-bit columns with room for totals), weights in grams and sizes in cm (they
# must fit 32-bit columns once in mm).
MAX_AMOUNT = Decimal(10) ** 12
MAX_MEASURE = 100_000.0


class RowError(ValueError):
    """A row that cannot be imported: a stable ``code`` and a reason for the operator."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class StatusMapping:
    order: OrderStatus
    shipment: ShipmentStatus


# Historical orders bypass allocation: nothing is reserved, so orders that never left
# the seller stay "placed" rather than claiming an allocation that never happened.
STATUSES: Mapping[str, StatusMapping] = {
    "created": StatusMapping(OrderStatus.PLACED, ShipmentStatus.PENDING),
    "approved": StatusMapping(OrderStatus.PLACED, ShipmentStatus.PENDING),
    "invoiced": StatusMapping(OrderStatus.PLACED, ShipmentStatus.PENDING),
    "processing": StatusMapping(OrderStatus.PLACED, ShipmentStatus.PENDING),
    "shipped": StatusMapping(OrderStatus.SHIPPED, ShipmentStatus.IN_TRANSIT),
    "delivered": StatusMapping(OrderStatus.DELIVERED, ShipmentStatus.DELIVERED),
    "canceled": StatusMapping(OrderStatus.CANCELLED, ShipmentStatus.CANCELLED),
    "unavailable": StatusMapping(OrderStatus.CANCELLED, ShipmentStatus.CANCELLED),
}


def status_of(olist_status: str) -> StatusMapping:
    try:
        return STATUSES[olist_status.strip().lower()]
    except KeyError:
        raise RowError("unknown_status", f"unknown order status {olist_status!r}") from None


def local_to_utc(text: str, field: str) -> datetime | None:
    """``2017-10-02 10:56:33`` São Paulo time → aware UTC; empty → None."""
    text = text.strip()
    if not text:
        return None
    try:
        local = datetime.fromisoformat(text)
        if local.tzinfo is None:
            local = local.replace(tzinfo=LOCAL_ZONE)
        return local.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: a date at the end of the calendar
        raise RowError("bad_timestamp", f"bad timestamp in {field}: {text!r}") from None


def promise_date(text: str, field: str) -> date:
    try:
        return datetime.fromisoformat(text.strip()).date()
    except ValueError:
        raise RowError("bad_timestamp", f"bad date in {field}: {text!r}") from None


def brl_to_minor(text: str, field: str) -> int:
    """``199.9`` → 19990 centavos; negative or non-numeric amounts are refused."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise RowError("bad_amount", f"bad amount in {field}: {text!r}") from None
    if not value.is_finite() or value < 0 or value > MAX_AMOUNT:
        raise RowError("bad_amount", f"bad amount in {field}: {text!r}")
    return int((value * 100).quantize(Decimal(1)))


def grams(text: str) -> int:
    return _whole(text)


def cm_to_mm(text: str) -> int:
    return _whole(text) * 10


def _whole(text: str) -> int:
    """A non-negative whole measure; 0 (unknown) when empty, not a number or beyond
    ``MAX_MEASURE`` (a product attribute is not worth refusing the order for)."""
    try:
        value = float(text) if text.strip() else 0.0
    except ValueError:
        return 0
    if not math.isfinite(value) or value > MAX_MEASURE:
        return 0
    return max(0, round(value))


def sku_for(product_id: str) -> str:
    return SKU_PREFIX + product_id


def handle_for(product_id: str) -> str:
    return "olist-" + product_id


def customer_ref(customer_unique_id: str) -> str:
    return CUSTOMER_PREFIX + customer_unique_id


def order_number(order_id: str) -> str:
    return "OL-" + order_id


def warehouse_code(seller_id: str) -> str:
    """A lossless 32-character code: the 128-bit seller id in lower-case base32hex.

    ``warehouses.code`` holds 32 characters, too few for a prefix plus 32 hex digits.
    """
    try:
        raw = bytes.fromhex(seller_id)
    except ValueError:
        raise RowError("bad_key", f"seller id {seller_id!r} is not hexadecimal") from None
    if len(raw) != 16:
        raise RowError("bad_key", f"seller id {seller_id!r} is not 32 hex digits")
    return WAREHOUSE_PREFIX + base64.b32hexencode(raw).decode().rstrip("=").lower()


def identifier(text: str, field: str) -> str:
    """An Olist id as given (32 hex characters in the real exports); a cell that cannot be
    one — empty, too long for the keys built from it, odd characters — is refused."""
    if not _IDENTIFIER.fullmatch(text):
        raise RowError("bad_id", f"bad {field}: {text[:80]!r}")
    return text


def well_formed(*ids: str) -> bool:
    """Whether every one of ``ids`` is a usable Olist id (see :func:`identifier`)."""
    return all(_IDENTIFIER.fullmatch(i) for i in ids)


def postal_prefix(text: str) -> str:
    """Brazilian CEP prefixes are five digits; the CSV dropped leading zeros."""
    digits = text.strip().strip('"')
    return digits.zfill(5) if digits.isdigit() else digits


def category_title(category_en: str) -> str:
    return category_en.replace("_", " ").strip().capitalize() or "Uncategorised"


def product_title(category_en: str, product_id: str) -> str:
    return f"{category_title(category_en)} item {product_id[:8]}"


def days_late(delivered_at: datetime, promised: date) -> int:
    """Days between the promised day and the local day of delivery (0 when on time)."""
    delivered_day = delivered_at.astimezone(LOCAL_ZONE).date()
    return max(0, (delivered_day - promised).days)
