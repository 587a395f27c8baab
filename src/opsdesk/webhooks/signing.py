"""Signing what we send, so a receiver can tell it came from us and was not replayed.

``X-OpsDesk-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`` with the
Unix time in ``X-OpsDesk-Timestamp``: Shopify signs the body alone (a captured request
can be replayed for ever); with the time inside the signature a receiver refuses
anything older than a few minutes. Each subscriber has its own secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "X-OpsDesk-Signature"
TIMESTAMP_HEADER = "X-OpsDesk-Timestamp"
VERSION = "v1"
TOLERANCE_SECONDS = 300


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: str) -> str:
    signed = f"{timestamp}.{body}".encode()
    return f"{VERSION}=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def headers(secret: str, timestamp: int, body: str) -> dict[str, str]:
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: signature(secret, timestamp, body)}


def verify(
    secret: str,
    body: str,
    timestamp: str,
    signed: str,
    *,
    now: int,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """What a receiver runs (docs/webhooks.md has it in a few languages): right secret,
    untouched body, and sent within ``tolerance`` seconds of ``now``."""
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs(now - sent) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, sent, body), signed)
