"""``POST /webhooks/easypost``: EasyPost ``tracker.*`` events.

When ``carrier_webhook_secret`` is set, the ``X-Hmac-Signature`` header must carry
EasyPost's signature of the raw body; without a secret the endpoint is open (set one
in production).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request

from opsdesk.integrations import signatures
from opsdesk.integrations.easypost.service import handle_event
from opsdesk.integrations.http import WebhookAck, json_object, raw_body
from opsdesk.kernel.http import DB, settings_of

router = APIRouter(tags=["webhooks"])


@router.post("/webhooks/easypost", response_model=WebhookAck)
def receive_easypost_event(
    request: Request,
    session: DB,
    body: Annotated[bytes, Depends(raw_body)],
    x_hmac_signature: Annotated[str | None, Header()] = None,
) -> WebhookAck:
    """Tracking scans, status and estimated delivery for a parcel.

    401 on a missing or wrong signature (when a secret is configured); 422 for a
    malformed event; 200 otherwise, including for tracking numbers OpsDesk does not know
    (kept for review) and replays (``status: duplicate``).
    """
    secret = settings_of(request).carrier_webhook_secret
    if secret:
        signatures.verify_easypost(secret, body, x_hmac_signature)
    return handle_event(session, json_object(body))
