"""Acting on EasyPost tracker events through shipping's carrier-neutral tracking update.

Each event is acted on once (a webhook receipt per EasyPost event id); the shipping
module itself ignores scans it already stored and records unknown tracking numbers
for the team instead of failing, so EasyPost never sees an error for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from opsdesk import shipping
from opsdesk.integrations import receipts
from opsdesk.integrations.easypost.parsing import TrackerUpdate, parse_event
from opsdesk.integrations.http import WebhookAck

SOURCE = "easypost"


def handle_event(
    session: Session, body: Mapping[str, Any], *, now: datetime | None = None
) -> WebhookAck:
    event = parse_event(body)
    receipt = receipts.claim(session, source=SOURCE, webhook_id=event.event_id, topic=event.kind)
    if receipt is None:
        earlier = receipts.previous_outcome(session, source=SOURCE, webhook_id=event.event_id)
        return WebhookAck(status="duplicate", outcome=f"already handled: {earlier}")
    if event.update is None:
        ack = WebhookAck(status="ignored", outcome=f"event {event.kind} is not handled")
    else:
        ack = apply(session, event.update, now=now)
    receipts.note(receipt, ack.outcome)
    return ack


def apply(session: Session, update: TrackerUpdate, *, now: datetime | None = None) -> WebhookAck:
    outcome = shipping.apply_tracking_update(
        session,
        tracking_number=update.tracking_number,
        carrier=update.carrier,
        events=[
            shipping.TrackingUpdate(
                occurred_at=d.occurred_at,
                status=shipping.ShipmentStatus(d.status) if d.status else None,
                description=d.description,
                location=d.location,
                code=d.code,
            )
            for d in update.details
        ],
        status=shipping.ShipmentStatus(update.status) if update.status else None,
        estimated_delivery_date=update.estimated_delivery_date,
        source=SOURCE,
        now=now,
    )
    if not outcome.matched:
        return WebhookAck(
            status="processed",
            outcome=f"unknown tracking number {update.tracking_number}; kept for review",
        )
    status = outcome.status.value if outcome.status else "unchanged"
    return WebhookAck(
        status="processed",
        outcome=f"{outcome.new_events} new scan(s) on {update.tracking_number}, status {status}",
        order_id=outcome.order_id,
    )
