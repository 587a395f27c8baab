"""Pure translation between EasyPost's shapes and the carrier protocol's values (no I/O).

EasyPost quotes many carriers' services; OpsDesk orders by service level. A rate's level
follows its promised transit time (``delivery_days``: 1 express, 2–3 standard, more
economy), else words in the service name ("Express", "Ground").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import get_currency_precision

from opsdesk.shipping import LabelRequest, Package, Place, Rate, ServiceLevel

EXPRESS_WORDS = ("express", "overnight", "next", "1day", "priorityexpress", "sameday")
ECONOMY_WORDS = ("ground", "economy", "parcelselect", "media", "advantage", "saver")
GRAMS_PER_OUNCE = 28.349523125
MM_PER_INCH = 25.4


def level_of(service: str, delivery_days: int | None) -> ServiceLevel:
    if delivery_days is not None and delivery_days > 0:
        if delivery_days <= 1:
            return ServiceLevel.EXPRESS
        return ServiceLevel.STANDARD if delivery_days <= 3 else ServiceLevel.ECONOMY
    squashed = "".join(ch for ch in service.lower() if ch.isalnum())
    if any(word in squashed for word in EXPRESS_WORDS):
        return ServiceLevel.EXPRESS
    if any(word in squashed for word in ECONOMY_WORDS):
        return ServiceLevel.ECONOMY
    return ServiceLevel.STANDARD


def minor_units(amount: str, currency: str) -> int:
    """``"7.58"`` USD → 758 (the currency's own exponent: JPY has none)."""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc
    return int(value.scaleb(get_currency_precision(currency or "USD")).to_integral_value())


def rate_of(raw: Mapping[str, Any]) -> Rate:
    days = raw.get("delivery_days")
    currency = str(raw.get("currency") or "USD")
    service = str(raw.get("service") or "")
    return Rate(
        carrier=str(raw.get("carrier") or ""),
        service=service,
        service_level=level_of(service, int(days) if days else None),
        amount_minor=minor_units(str(raw.get("rate")), currency),
        currency=currency,
        delivery_days=int(days) if days else None,
        rate_id=str(raw.get("id") or ""),
    )


def pick(rates: Sequence[Rate], level: ServiceLevel, service: str = "") -> Rate | None:
    """The named service if asked for, else the cheapest rate of the level."""
    if service:
        named = [r for r in rates if r.service.lower() == service.lower()]
        return min(named, key=lambda r: r.amount_minor, default=None)
    fitting = [r for r in rates if r.service_level is level]
    return min(fitting, key=lambda r: r.amount_minor, default=None)


def address(place: Place) -> dict[str, str]:
    fields = {
        "name": place.name, "street1": place.line1, "street2": place.line2,
        "city": place.city, "state": place.region, "zip": place.postal_code,
        "country": place.country,
    }  # fmt: skip
    return {key: value for key, value in fields.items() if value}


def place_of(raw: Mapping[str, Any]) -> Place:
    """An EasyPost address back as a place (for a label found again by reference)."""
    return Place(
        country=str(raw.get("country") or ""), region=str(raw.get("state") or ""),
        city=str(raw.get("city") or ""), name=str(raw.get("name") or ""),
        line1=str(raw.get("street1") or ""), line2=str(raw.get("street2") or ""),
        postal_code=str(raw.get("zip") or ""),
    )  # fmt: skip


def parcel(packages: Sequence[Package]) -> dict[str, float]:
    """EasyPost takes one parcel in ounces and inches: the packages' total weight, and the
    largest box's size when one is given."""
    weight_g = sum(p.weight_g for p in packages) or 1000
    shape: dict[str, float] = {"weight": round(weight_g / GRAMS_PER_OUNCE, 1)}
    largest = max(packages, key=lambda p: p.length_mm * p.width_mm * p.height_mm, default=None)
    if largest is not None and largest.length_mm and largest.width_mm and largest.height_mm:
        for key, mm in (("length", largest.length_mm), ("width", largest.width_mm),
                        ("height", largest.height_mm)):  # fmt: skip
            shape[key] = round(mm / MM_PER_INCH, 1)
    return shape


def shipment_params(request: LabelRequest) -> dict[str, Any]:
    return {
        "reference": request.reference,
        "from_address": address(request.origin),
        "to_address": address(request.destination),
        "parcel": parcel(request.packages),
    }
