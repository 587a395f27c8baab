"""Signed outbound webhooks: the retailer's own systems get every message as JSON."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx

from opsdesk.notifications.channels import Outgoing, PermanentFailure

SIGNATURE_HEADER = "X-OpsDesk-Signature"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookChannel:
    name = "webhook"

    def __init__(self, url: str, secret: str, client: httpx.Client | None = None) -> None:
        self.url = url
        self.secret = secret
        self.client = client or httpx.Client(timeout=10.0)

    def send(self, message: Outgoing) -> None:
        body = json.dumps(
            {
                "message_id": message.message_id,
                "recipient": message.recipient,
                "subject": message.subject,
                "text": message.text,
                "headers": message.headers,
            },
            separators=(",", ":"),
        ).encode()
        response = self.client.post(
            self.url,
            content=body,
            headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(self.secret, body)},
        )
        if 400 <= response.status_code < 500 and response.status_code not in (408, 429):
            raise PermanentFailure(f"webhook refused the message: HTTP {response.status_code}")
        response.raise_for_status()
