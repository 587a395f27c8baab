"""Reading a batch of in-flight shipments on PostgreSQL straight into arrays.

The portable reader (``queries.shipment_rows``) builds a dict per row, converts every
timestamp in Python, parses each parcel's JSON to weigh it and joins an aggregate of
the whole ``order_lines`` table into every batch. Here what is fixed at hand-over
(weights, item counts, the order's values and postal code, the origin country) comes
from one narrow row per shipment (``facts``), joined in id order with the shipment's
status and its last score; epochs come back as exact microseconds, the batch is streamed
with ``COPY … TO STDOUT`` as CSV and parsed column-wise by pandas' C reader. The arrays
are the same as :func:`queries.in_flight_state` builds from the same rows (a test
compares).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from opsdesk import shipping
from opsdesk.proactive.risk import facts
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.areas import AREA_PREFIX, postal_area
from opsdesk.proactive.risk.queries import IN_FLIGHT
from opsdesk.proactive.risk.shifts import DISTRICT_PREFIX

_SELECT = f"""
SELECT s.id, s.order_id, s.carrier, s.service_level, s.status, s.warehouse_id,
       s.origin_region, s.destination_region, x.weight_g,
       (s.promised_delivery_date - DATE '1970-01-01') * 86400 + 86400 AS promise_end,
       (extract(epoch FROM s.shipped_at) * 1000000)::int8 AS shipped,
       (extract(epoch FROM s.last_event_at) * 1000000)::int8 AS last_event,
       x.placed, x.subtotal_minor, x.shipping_minor, x.ship_country, x.postal_prefix,
       x.postal_other, x.origin_country, x.items,
       r.at_risk AS was_at_risk,
       s.promised_delivery_date,
       CASE WHEN r.order_id = s.order_id THEN r.probability END AS stored_probability,
       r.model_id AS stored_model,
       coalesce(jsonb_hash_extended(r.reasons, 0), 0) AS stored_reasons
FROM shipments AS s
JOIN {facts.TABLE} AS x ON x.shipment_id = s.id AND x.shipment_id > {{after}}
LEFT JOIN shipment_risks AS r ON r.shipment_id = s.id AND r.shipment_id > {{after}}
WHERE {{in_flight}} AND s.id > {{after}}
ORDER BY s.id
LIMIT {{limit}}
"""
_TEXT = ("carrier", "service_level", "status", "origin_region", "destination_region",
         "ship_country", "postal_prefix", "postal_other", "origin_country",
         "promised_delivery_date")  # fmt: skip


@dataclass(frozen=True)
class StoredScores:
    """What the last scan stored per row (NaN, "" where none): enough to tell, before
    writing, the rows whose score an agent would see unchanged."""

    probability: NDArray[np.float64]
    model_id: NDArray[np.float64]
    # PostgreSQL's 64-bit hash of the stored reasons (``jsonb_hash_extended``, seed 0):
    # hashing the binary value costs a fraction of writing it out as text for an MD5.
    reasons_hash: NDArray[np.int64]


@dataclass(frozen=True)
class InFlightBatch:
    """A batch of shipments in flight: ids, what scoring needs, what storing needs."""

    shipment_id: NDArray[np.int64]
    order_id: NDArray[np.int64]
    state: f.InFlightState
    was_at_risk: NDArray[np.bool_]  # the stored score was at risk (False: below or none)
    promised: NDArray[Any]  # promised delivery dates (ISO text, for events)
    stored: StoredScores

    def __len__(self) -> int:
        return len(self.shipment_id)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def in_flight(region: str = "", carrier: str = "") -> tuple[str, dict[str, str]]:
    """The condition (SQL over ``s``, the shipments) for shipments in flight in scope,
    with the scope's values as parameters (psycopg binds them)."""
    statuses = ", ".join(_literal(str(s.value)) for s in IN_FLIGHT)
    parts = [
        "s.shipped_at IS NOT NULL AND s.promised_delivery_date IS NOT NULL",
        f" AND s.status IN ({statuses})",
    ]
    values = {}
    if region:
        values["region"] = region.strip().upper()
        parts.append(
            " AND (upper(s.origin_region) = %(region)s OR upper(s.destination_region) = %(region)s)"
        )
    if carrier:
        values["carrier"] = carrier.strip().lower()
        parts.append(" AND lower(s.carrier) = %(carrier)s")
    return "".join(parts), values


def _copy_out(session: Session, sql: str, values: dict[str, str]) -> pd.DataFrame:
    connection = session.connection().connection.driver_connection
    buffer = io.BytesIO()
    with connection.cursor() as cursor:  # type: ignore[union-attr]
        # Compiling this query costs seconds per batch and saves nothing on it; the three
        # tables are read in id order from ``after`` on, merged rather than probed per row.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL enable_nestloop = off")
        statement = f"COPY ({sql}) TO STDOUT (FORMAT csv, HEADER true)"
        with cursor.copy(statement, values or None) as copy:
            for chunk in copy:
                buffer.write(chunk)
        cursor.execute("SET LOCAL jit TO DEFAULT")
        cursor.execute("SET LOCAL enable_nestloop TO DEFAULT")
    buffer.seek(0)
    text: dict[str, Any] = {**dict.fromkeys(_TEXT, object), "stored_reasons": np.int64}
    missing = {name: [""] for name in ("warehouse_id", "last_event", "stored_probability",
                                        "stored_model")}  # fmt: skip
    return pd.read_csv(
        buffer, dtype=text, keep_default_na=False, na_values=missing, float_precision="round_trip"
    )


def read_batch(
    session: Session, *, after_id: int, limit: int, region: str = "", carrier: str = ""
) -> InFlightBatch:
    """The next ``limit`` shipments in flight after ``after_id`` (their facts must be
    written: :func:`facts.backfill` first)."""
    condition, values = in_flight(region, carrier)
    sql = _SELECT.format(in_flight=condition, after=int(after_id), limit=int(limit))
    return _batch(_copy_out(session, sql, values))


def _places(prefix: NDArray[Any], other: NDArray[Any], length: int) -> NDArray[Any]:
    """``postal_area(code, length)``: PostgreSQL cleaned the ASCII codes (upper case,
    letters and digits only, the longest prefix asked for); other codes go through
    ``postal_area``."""
    cleaned = prefix.astype(str)
    kept = cleaned.astype(f"<U{length}")  # NumPy truncates to the first ``length``
    result = np.where(np.char.str_len(cleaned) >= length, kept, "").astype(object)
    for row in np.flatnonzero(other != "").tolist():
        result[row] = postal_area(str(other[row]), length)
    return result


def _lanes(frame: pd.DataFrame) -> NDArray[Any]:
    """Lane classes once per distinct (origin, destination) place pair."""
    names = ["origin_country", "origin_region", "ship_country", "destination_region"]
    combined = np.zeros(len(frame), dtype=np.int64)
    for name in names:
        codes, uniques = pd.factorize(frame[name].to_numpy(dtype=object), use_na_sentinel=False)
        combined = combined * max(len(uniques), 1) + codes
    _distinct, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    places = [[str(frame[name].iat[row]) for name in names] for row in first.tolist()]
    classes = [
        shipping.classify_lane(shipping.Place(oc, orr), shipping.Place(dc, dr)).value
        for oc, orr, dc, dr in places
    ]
    return np.asarray(classes, dtype=object)[inverse.reshape(-1)]


def _origin_points(warehouse: pd.Series) -> NDArray[Any]:
    known = warehouse.notna().to_numpy() & (warehouse.fillna(0).to_numpy() != 0)
    ids = warehouse.fillna(0).astype(np.int64).to_numpy()
    values, index = np.unique(ids, return_inverse=True)
    names = np.asarray([f"warehouse:{v}" for v in values.tolist()], dtype=object)
    return np.where(known, names[index.reshape(-1)], "").astype(object)


def _batch(frame: pd.DataFrame) -> InFlightBatch:
    def text(name: str) -> NDArray[Any]:
        return np.asarray(frame[name].to_numpy(dtype=object), dtype=object)

    def number(name: str) -> NDArray[np.float64]:
        return np.asarray(frame[name].to_numpy(dtype=np.float64), dtype=np.float64)

    def moment(name: str) -> NDArray[np.float64]:
        """Exact microseconds → seconds: the same float as ``datetime.timestamp()``."""
        micros = frame[name].fillna(0).to_numpy(dtype=np.int64)
        return np.asarray(micros / 1_000_000, dtype=np.float64)

    origin, destination = text("origin_region"), text("destination_region")
    shipped = moment("shipped")
    facts = f.ShipmentFacts(
        carrier=text("carrier"),
        service_level=text("service_level"),
        origin_region=origin,
        destination_region=destination,
        lane_class=_lanes(frame) if len(frame) else np.zeros(0, dtype=object),
        placed_at=np.minimum(moment("placed"), shipped),
        handed_over_at=shipped,
        promise_end=number("promise_end"),
        order_value=frame["subtotal_minor"].to_numpy(dtype=np.int64) / 100,
        freight_value=frame["shipping_minor"].to_numpy(dtype=np.int64) / 100,
        weight_g=number("weight_g"),
        item_count=number("items"),
        destination_area=_places(text("postal_prefix"), text("postal_other"), AREA_PREFIX),
        origin_point=_origin_points(frame["warehouse_id"]),
        destination_district=_places(text("postal_prefix"), text("postal_other"), DISTRICT_PREFIX),
    )
    state = f.InFlightState(
        facts=facts, last_scan_at=moment("last_event"), last_status=text("status")
    )
    was = np.asarray(frame["was_at_risk"].to_numpy(dtype=object) == "t", dtype=bool)
    return InFlightBatch(
        shipment_id=frame["id"].to_numpy(dtype=np.int64),
        order_id=frame["order_id"].to_numpy(dtype=np.int64),
        state=state,
        was_at_risk=was,
        promised=text("promised_delivery_date"),
        stored=StoredScores(
            number("stored_probability"),
            number("stored_model"),
            frame["stored_reasons"].to_numpy(dtype=np.int64),
        ),
    )
