"""Demo exchange rates: the fixed rates the demo's shelf prices were made with, stored as
dated rates so remedies work for the demo's British and Brazilian customers too.

They are illustrations, not market rates, and say so in their note.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import fx
from opsdesk.demo.reference import EUR_RATES
from opsdesk.kernel.events import OutboxEvent

DEMO_SETTER = "system:demo"
DEMO_NOTE = "demo value, not a market rate"


def seed_demo_rates(session: Session, *, since: date, now: datetime) -> int:
    """EUR into every other currency the demo sells in, valid from ``since`` (the first
    day of the demo's history); returns how many rates were stored."""
    stored = 0
    for currency, rate in sorted(EUR_RATES.items()):
        if currency == "EUR":
            continue
        fx.set_rate(
            session, base="EUR", quote=currency, rate=str(rate), valid_from=since,
            set_by=DEMO_SETTER, note=DEMO_NOTE, now=now,
        )  # fmt: skip
        stored += 1
    # Set when the store's history began: their events were relayed long ago, like the
    # rest of the demo's past (nothing is sent or handled when the demo starts).
    session.flush()
    session.execute(
        sa.update(OutboxEvent)
        .where(OutboxEvent.name == fx.ExchangeRateSet.name, OutboxEvent.processed_at.is_(None))
        .values(processed_at=now)
    )
    return stored
