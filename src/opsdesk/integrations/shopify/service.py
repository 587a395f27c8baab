"""Acting on Shopify webhooks: each delivery once, each Shopify order once.

Decisions (see docs/architecture.md, "Ingestion"):
- An order with a SKU the catalog does not know is refused with 422 naming the SKU.
  Nothing is kept, so Shopify's retries succeed once the SKU has been added.
- An update, cancellation or refund for an order OpsDesk has not seen yet is 404:
  Shopify does not guarantee delivery order, and its retry comes after the create.
- A topic OpsDesk does not handle is acknowledged (200, ``ignored``) and its receipt
  kept, so a subscription added by mistake does not make Shopify retry for days.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from opsdesk.integrations import receipts
from opsdesk.integrations.shopify import topics
from opsdesk.integrations.shopify.common import SOURCE, WebhookContext, WebhookResult
from opsdesk.kernel.db import utcnow

Handler = Callable[[Session, Mapping[str, Any], WebhookContext], WebhookResult]

HANDLERS: Mapping[str, Handler] = {
    "orders/create": topics.create,
    "orders/updated": topics.update,
    "orders/cancelled": topics.cancel,
    "refunds/create": topics.refund,
}


def handle_webhook(
    session: Session,
    *,
    topic: str,
    webhook_id: str,
    body: Mapping[str, Any],
    default_locale: str = "en",
    strategy: str = "priority",
    now: datetime | None = None,
) -> WebhookResult:
    """Act on one verified delivery, or recognise it as a replay and do nothing."""
    receipt = receipts.claim(session, source=SOURCE, webhook_id=webhook_id, topic=topic)
    if receipt is None:
        earlier = receipts.previous_outcome(session, source=SOURCE, webhook_id=webhook_id)
        return WebhookResult("duplicate", f"already handled: {earlier}")
    handler = HANDLERS.get(topic)
    if handler is None:
        result = WebhookResult("ignored", f"topic {topic} is not handled")
    else:
        result = handler(session, body, WebhookContext(default_locale, strategy, now or utcnow()))
    receipts.note(receipt, result.outcome)
    return result
