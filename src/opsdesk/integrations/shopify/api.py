"""``POST /webhooks/shopify``: authenticated by Shopify's HMAC signature, not a token."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request

from opsdesk.integrations import signatures
from opsdesk.integrations.http import WebhookAck, json_object, raw_body
from opsdesk.integrations.shopify.service import handle_webhook
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.http import DB, settings_of

router = APIRouter(tags=["webhooks"])


@router.post("/webhooks/shopify", response_model=WebhookAck)
def receive_shopify_webhook(
    request: Request,
    session: DB,
    body: Annotated[bytes, Depends(raw_body)],
    x_shopify_hmac_sha256: Annotated[str | None, Header()] = None,
    x_shopify_topic: Annotated[str | None, Header()] = None,
    x_shopify_webhook_id: Annotated[str | None, Header()] = None,
) -> WebhookAck:
    """Orders created, updated, cancelled and refunds, as Shopify sends them.

    401 on a missing or wrong signature; 422 for a malformed body or an unknown SKU;
    404 for an update about an order not received yet (Shopify retries); 200 with
    ``status: duplicate`` for a replay and ``status: ignored`` for an unhandled topic.
    """
    settings = settings_of(request)
    signatures.verify_shopify(settings.shopify_webhook_secret, body, x_shopify_hmac_sha256)
    if not x_shopify_topic:
        raise InvalidInput("the X-Shopify-Topic header is missing", details={"field": "topic"})
    # Shopify always sends a webhook id; without one, identical bodies count as replays.
    webhook_id = x_shopify_webhook_id or "sha256:" + hashlib.sha256(body).hexdigest()
    result = handle_webhook(
        session,
        topic=x_shopify_topic.strip(),
        webhook_id=webhook_id,
        body=json_object(body),
        default_locale=settings.default_locale,
        strategy=settings.allocation_strategy,
    )
    return WebhookAck(status=result.status, outcome=result.outcome, order_id=result.order_id)
