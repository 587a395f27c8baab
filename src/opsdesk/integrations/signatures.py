"""Webhook signature checks: HMAC-SHA256 over the raw request body, compared in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata

from opsdesk.kernel.errors import Unauthenticated

EASYPOST_PREFIX = "hmac-sha256-hex="


class BadSignature(Unauthenticated):
    code = "bad_signature"


def shopify_signature(secret: str, body: bytes) -> str:
    """What Shopify sends in ``X-Shopify-Hmac-Sha256``: base64 of the HMAC-SHA256 digest."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def easypost_signature(secret: str, body: bytes) -> str:
    """What EasyPost sends in ``X-Hmac-Signature``: a prefixed hex HMAC-SHA256 digest.

    EasyPost normalises the secret to Unicode NFKD before using it as the key.
    """
    key = unicodedata.normalize("NFKD", secret).encode()
    return EASYPOST_PREFIX + hmac.new(key, body, hashlib.sha256).hexdigest()


def verify_shopify(secret: str, body: bytes, header: str | None) -> None:
    _verify("Shopify", secret, header, shopify_signature(secret, body) if secret else "")


def verify_easypost(secret: str, body: bytes, header: str | None) -> None:
    _verify("EasyPost", secret, header, easypost_signature(secret, body) if secret else "")


def _verify(source: str, secret: str, header: str | None, expected: str) -> None:
    # An empty secret would make every sender's signature "valid": refuse instead.
    if not secret:
        raise BadSignature(f"{source} webhooks are disabled: no webhook secret is configured")
    if not header:
        raise BadSignature(f"the {source} webhook signature header is missing")
    if not hmac.compare_digest(header.strip().encode(), expected.encode()):
        raise BadSignature(f"the {source} webhook signature does not match the body")
