"""How large a request body each endpoint accepts, enforced before the body is read.

FastAPI's own ``max_body_size`` (Starlette's ``RequestBodyLimitMiddleware``) does the
counting: a declared ``Content-Length`` above the route's limit is answered 413 at the
first read, before any byte of the body is taken from the socket; a body sent without
a length (chunked) is counted as it arrives and cut off with 413 as soon as it passes
the limit, so at most the limit is ever buffered. The app has a default; the routers
below narrow or widen it. An anonymous caller can only ever send small bodies: the chat,
the tracking and survey forms; signed webhooks get what a large order needs.
"""

from __future__ import annotations

from fastapi import APIRouter

from opsdesk.assistant.chat import api as chat_api
from opsdesk.config import Settings
from opsdesk.integrations.easypost import api as easypost_api
from opsdesk.integrations.shopify import api as shopify_api
from opsdesk.support import inbound_api

KIB = 1024
# A chat message is at most 2,000 characters: even as JSON \u escapes that is < 16 KiB.
CHAT_BYTES = 16 * KIB
# The customer's forms (order lookup, return start, survey): a few short fields.
CUSTOMER_FORM_BYTES = 64 * KIB


def for_api_router(router: APIRouter, settings: Settings) -> int | None:
    """The body limit of an API router; None keeps the app's default."""
    if router is chat_api.router:
        return CHAT_BYTES
    if router is shopify_api.router or router is easypost_api.router:
        return settings.max_webhook_body_bytes
    if router is inbound_api.router:
        return settings.max_inbound_email_bytes
    return None
