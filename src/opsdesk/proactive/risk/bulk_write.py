"""Writing a scored batch to ``shipment_risks`` on PostgreSQL in two statements.

One UPDATE or INSERT per shipment (``executemany``) costs a round trip and a plan per
row. Here the batch goes into a temporary table with a binary ``COPY`` built by NumPy
(fixed-width columns, no Python object per row), the batch's distinct reason lists
into a second one, and a single ``INSERT … ON CONFLICT DO UPDATE`` writes every row.
``at_risk_since`` and what is rewritten follow the same rules as the portable path: a
shipment that was already at risk keeps the moment it first crossed, and a stored row
is left alone unless what agents see of it changed (``scan.changed``).
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

_SCORES = "_risk_scan_scores"
_REASONS = "_risk_scan_reasons"
_PREPARE = f"""
CREATE TEMP TABLE IF NOT EXISTS {_SCORES} (
    shipment_id bigint, order_id bigint, probability float8, at_risk boolean, reasons int4
) ON COMMIT DROP;
CREATE TEMP TABLE IF NOT EXISTS {_REASONS} (id int4, reasons jsonb) ON COMMIT DROP;
TRUNCATE {_SCORES}, {_REASONS}
"""
_UPSERT = f"""
INSERT INTO shipment_risks AS r
    (shipment_id, order_id, probability, at_risk, reasons, model_id, scored_at, at_risk_since)
SELECT b.shipment_id, b.order_id, b.probability, b.at_risk, t.reasons, %(model)s, %(now)s,
       CASE WHEN b.at_risk THEN %(now)s END
FROM {_SCORES} AS b JOIN {_REASONS} AS t ON t.id = b.reasons
ON CONFLICT (shipment_id) DO UPDATE SET
    order_id = excluded.order_id, probability = excluded.probability,
    at_risk = excluded.at_risk, reasons = excluded.reasons, model_id = excluded.model_id,
    scored_at = excluded.scored_at,
    at_risk_since = CASE WHEN excluded.at_risk AND r.at_risk THEN r.at_risk_since
                         WHEN excluded.at_risk THEN excluded.scored_at END
WHERE r.at_risk IS DISTINCT FROM excluded.at_risk OR r.order_id <> excluded.order_id
   OR round(r.probability * 100) <> round(excluded.probability * 100)
   OR r.reasons <> excluded.reasons OR r.model_id IS DISTINCT FROM excluded.model_id
"""
# PostgreSQL's binary COPY: a signature, flags, an extension length, then per tuple
# the field count and each field as its byte length and big-endian value; -1 ends.
_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
_ROW = np.dtype(
    [
        ("fields", ">i2"),
        ("id_len", ">i4"), ("id", ">i8"),
        ("order_len", ">i4"), ("order", ">i8"),
        ("p_len", ">i4"), ("p", ">f8"),
        ("risk_len", ">i4"), ("risk", "u1"),
        ("reasons_len", ">i4"), ("reasons", ">i4"),
    ]
)  # fmt: skip


def binary_rows(
    shipment_id: NDArray[np.int64],
    order_id: NDArray[np.int64],
    probability: NDArray[np.float64],
    at_risk: NDArray[np.bool_],
    reasons: NDArray[np.int64],
) -> bytes:
    """The whole batch as one binary COPY payload."""
    rows = np.zeros(len(shipment_id), dtype=_ROW)
    rows["fields"] = 5
    for name, size in (("id", 8), ("order", 8), ("p", 8), ("risk", 1), ("reasons", 4)):
        rows[f"{name}_len"] = size
    rows["id"], rows["order"], rows["p"] = shipment_id, order_id, probability
    rows["risk"], rows["reasons"] = at_risk, reasons
    return _SIGNATURE + rows.tobytes() + b"\xff\xff"


def upsert(
    session: Session,
    payload: bytes,
    reasons: list[tuple[int, str]],
    *,
    model_id: int | None,
    now: datetime,
) -> None:
    """Write the batch (``binary_rows``) and the reason lists its rows name, as (number,
    JSON text) pairs, inside the caller's transaction (the temporary tables go with it)."""
    connection = session.connection().connection.driver_connection
    with connection.cursor() as cursor:  # type: ignore[union-attr]
        for statement in _PREPARE.split(";"):
            cursor.execute(statement)
        with cursor.copy(f"COPY {_SCORES} FROM STDIN (FORMAT binary)") as copy:
            copy.write(payload)
        with cursor.copy(f"COPY {_REASONS} (id, reasons) FROM STDIN") as copy:
            for row in reasons:
                copy.write_row(row)
        cursor.execute(_UPSERT, {"model": model_id, "now": now})
