"""``POST /webhooks/easypost``: EasyPost ``tracker.*`` events.

The ``X-Hmac-Signature`` header must carry EasyPost's signature of the raw body with
``carrier_webhook_secret``. Without a secret every event is refused (an unsigned
"delivered" would close orders and e-mail customers), unless
``allow_unsigned_carrier_webhooks`` is switched on for local development.
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

    401 on a missing or wrong signature, or when no secret is configured; 422 for a
    malformed event; 200 otherwise, including for tracking numbers OpsDesk does not know
    (kept for review) and replays (``status: duplicate``).
    """
    settings = settings_of(request)
    secret = settings.carrier_webhook_secret
    if secret or not settings.allow_unsigned_carrier_webhooks:
        signatures.verify_easypost(secret, body, x_hmac_signature)
    return handle_event(session, json_object(body))
