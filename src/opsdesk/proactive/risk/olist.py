"""Delivered Olist orders as delay-risk history, for training and evaluation.

Files and columns are found by the Olist importer's own readers. All Olist times are
wall-clock times of one zone; they are read as they stand, so "late" is exactly
"delivered on a local day after the promised one" as the data set defines it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from opsdesk.integrations import olist
from opsdesk.proactive.risk import areas, shifts
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.model import History

CARRIER = "olist"
SERVICE_LEVEL = "standard"
COUNTRY = "BR"


@dataclass
class _Parcel:
    """Everything about one order's parcel, gathered from the item rows."""

    value: float = 0.0
    freight: float = 0.0
    weight_g: float = 0.0
    items: int = 0
    origin: str = ""
    seller: str = ""


def _stamp(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def _parcels(directory: Path) -> dict[str, _Parcel]:
    src = olist.source
    weights = {
        r["product_id"]: _number(r["product_weight_g"])
        for _, r in src.rows(directory, src.PRODUCTS)
    }
    states = {r["seller_id"]: r["seller_state"] for _, r in src.rows(directory, src.SELLERS)}
    parcels: dict[str, _Parcel] = {}
    for _, row in src.rows(directory, src.ITEMS):
        parcel = parcels.setdefault(row["order_id"], _Parcel())
        parcel.value += _number(row["price"])
        parcel.freight += _number(row["freight_value"])
        parcel.weight_g += weights.get(row["product_id"], 0.0)
        parcel.items += 1
        parcel.origin = parcel.origin or states.get(row["seller_id"], "")
        parcel.seller = parcel.seller or row["seller_id"]
    return parcels


def read_history(directory: Path) -> History:
    """Orders that were handed to the carrier and delivered, with a promise and items.

    Raises ``olist.SourceError`` (422) when a file or column is missing.
    """
    src = olist.source
    src.check_folder(directory)
    parcels = _parcels(directory)
    destination = {
        r["customer_id"]: (
            r["customer_state"],
            _area(r.get("customer_zip_code_prefix", "")),
            _area(r.get("customer_zip_code_prefix", ""), shifts.DISTRICT_PREFIX),
        )
        for _, r in src.rows(directory, src.CUSTOMERS)
    }
    records = []
    for _, row in src.rows(directory, src.ORDERS):
        parcel = parcels.get(row["order_id"])
        stamps = [
            _stamp(row[c])
            for c in (
                "order_purchase_timestamp",
                "order_delivered_carrier_date",
                "order_delivered_customer_date",
                "order_estimated_delivery_date",
            )
        ]
        if parcel is None or any(s is None for s in stamps) or row["order_status"] != "delivered":
            continue
        placed, handed, delivered, promised = (float(s or 0.0) for s in stamps)
        if handed < placed or delivered < handed:
            continue  # clock errors in the source: a parcel cannot arrive before it left
        records.append(
            (
                parcel,
                destination.get(row["customer_id"], ("", "", "")),
                placed,
                handed,
                delivered,
                promised,
            )
        )
    return _as_history(records)


def _area(zip_prefix: str, length: int = areas.AREA_PREFIX) -> str:
    """Olist keeps the first five CEP digits as a number, so leading zeros were lost."""
    digits = zip_prefix.strip()
    return areas.postal_area(digits.zfill(5), length) if digits.isdigit() else ""


_Record = tuple[_Parcel, tuple[str, str, str], float, float, float, float]


def _as_history(records: list[_Record]) -> History:
    n = len(records)
    origin = np.asarray([r[0].origin for r in records], dtype=object)
    destination = np.asarray([r[1][0] for r in records], dtype=object)
    country = np.full(n, COUNTRY, dtype=object)
    facts = f.ShipmentFacts(
        carrier=np.full(n, CARRIER, dtype=object),
        service_level=np.full(n, SERVICE_LEVEL, dtype=object),
        origin_region=origin,
        destination_region=destination,
        lane_class=f.lane_classes(country, origin, country, destination)
        if n
        else np.zeros(0, dtype=object),
        placed_at=np.asarray([r[2] for r in records], dtype=np.float64),
        handed_over_at=np.asarray([r[3] for r in records], dtype=np.float64),
        # The estimated delivery "timestamp" is a day at midnight: the promise holds to its end.
        promise_end=np.asarray([r[5] for r in records], dtype=np.float64) + f.DAY,
        order_value=np.asarray([r[0].value for r in records], dtype=np.float64),
        freight_value=np.asarray([r[0].freight for r in records], dtype=np.float64),
        weight_g=np.asarray([r[0].weight_g for r in records], dtype=np.float64),
        item_count=np.asarray([r[0].items for r in records], dtype=np.float64),
        destination_area=np.asarray([r[1][1] for r in records], dtype=object),
        origin_point=np.asarray([r[0].seller for r in records], dtype=object),
        destination_district=np.asarray([r[1][2] for r in records], dtype=object),
    )
    return History(facts=facts, delivered_at=np.asarray([r[4] for r in records], dtype=np.float64))


def split_by_purchase(
    history: History, *, share: float | None = None, before: datetime | None = None
) -> tuple[History, History]:
    """Two disjoint periods of one history: purchases before the cut train, the rest test."""
    placed = history.facts.placed_at
    if before is not None:
        cut = (
            before.replace(tzinfo=UTC).timestamp() if before.tzinfo is None else before.timestamp()
        )
    elif share is not None and len(placed):
        cut = float(np.quantile(placed, share))
    else:
        raise ValueError("give a share or a date to split at")
    early = placed < cut
    return history.where(early), history.where(~early)
