"""``ShipmentAtRisk`` outbox rows for a whole batch's crossings, without a model per event.

``events.record`` validates a pydantic event, dumps it and inserts it: right for one
event, most of a first scan's time for the ~600k crossings of a new store. Here the
payload is the dict that dump gives (the same keys and JSON values; a test compares),
and the rows go into the outbox with one ``COPY``, in crossing order (ids follow it).
Only used when nothing subscribes to the event in-transaction (``fast_scan`` checks).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from opsdesk.kernel import request_id
from opsdesk.proactive.events import ShipmentAtRisk

if TYPE_CHECKING:
    from opsdesk.proactive.risk.fast_scan import ScoredBatch

_COLUMNS = ("event_id", "name", "aggregate_type", "aggregate_id", "payload",
            "occurred_at", "available_at", "attempts", "request_id")  # fmt: skip
_MOMENT = TypeAdapter(datetime)


def outbox_rows(scored: ScoredBatch, rows: list[int], threshold: float) -> list[tuple[Any, ...]]:
    """One outbox row per crossing ``rows`` (indexes into the batch), as ``record`` writes."""
    batch, now = scored.batch, scored.now
    scored_at = _MOMENT.dump_python(now, mode="json")
    origin = request_id.current()
    shipments, orders = batch.shipment_id.tolist(), batch.order_id.tolist()
    result = []
    for row in rows:
        payload = {
            "shipment_id": shipments[row],
            "order_id": orders[row],
            "probability": float(scored.probability[row]),
            "threshold": float(threshold),
            "reasons": scored.reasons.of(row),
            "promised_delivery_date": str(batch.promised[row]),
            "scored_at": scored_at,
        }
        result.append(
            (str(uuid.uuid4()), ShipmentAtRisk.name, ShipmentAtRisk.aggregate_type,
             str(shipments[row]), json.dumps(payload), now, now, 0, origin)
        )  # fmt: skip
    return result


def write(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """Append ``rows`` (``outbox_rows``) to the outbox in the caller's transaction."""
    connection = session.connection().connection.driver_connection
    statement = f"COPY outbox_events ({', '.join(_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row(row)
