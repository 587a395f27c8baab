"""What every Shopify topic handler shares: context, result, order lookup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders
from opsdesk.integrations.shopify.mapping import CHANNEL
from opsdesk.kernel.errors import NotFound

SOURCE = "shopify"
ACTOR = "integration:shopify"


@dataclass(frozen=True)
class WebhookContext:
    default_locale: str
    strategy: str
    now: datetime


@dataclass(frozen=True)
class WebhookResult:
    status: str  # processed | duplicate | ignored
    outcome: str
    order_id: int | None = None


def order_id_for(session: Session, external_id: str) -> int | None:
    return session.scalar(
        sa.select(orders.Order.id).where(
            orders.Order.channel == CHANNEL, orders.Order.external_id == external_id
        )
    )


def known_order(session: Session, external_id: str) -> int:
    """The OpsDesk id of a Shopify order; 404 lets Shopify retry after the create arrives."""
    order_id = order_id_for(session, external_id)
    if order_id is None:
        raise NotFound("Shopify order", external_id)
    return order_id


def add_note(session: Session, order_id: int, *, kind: str, summary: str, at: datetime,
             data: dict[str, object] | None = None) -> None:  # fmt: skip
    orders.add_timeline_event(
        session, order_id, kind=kind, summary=summary, actor=ACTOR, data=data, occurred_at=at
    )
