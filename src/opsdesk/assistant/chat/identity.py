"""Who is chatting: signed chat-session tokens, signed-in customers, tracking-page visitors.

Every token is signed with the store's secret for its own purpose (``kernel.signing``):
a chat token opens one chat, a customer token is what the storefront's backend hands a
signed-in customer, and a tracking token (from the tracking page) proves one order.
"""

from __future__ import annotations

import re

from opsdesk import tracking
from opsdesk.kernel.errors import Forbidden
from opsdesk.kernel.signing import sign, verify

CHAT_PURPOSE = "chat-session"
CUSTOMER_PURPOSE = "chat-customer"
CHAT_TOKEN_DAYS = 7
CUSTOMER_TOKEN_HOURS = 12
# The store's own numbers (OD- and ten Crockford characters, replacements -R1 …) and
# imported ones (OL-…): the NLU's generic patterns miss those with letters in them.
STORE_ORDER_NUMBER = re.compile(r"\b(?:OD|OL)-[0-9A-Z]{6,32}(?:-R\d{1,3})?\b", re.IGNORECASE)


def chat_token(secret: str, chat_id: int) -> str:
    return sign(secret, CHAT_PURPOSE, {"s": chat_id})


def chat_id_from_token(secret: str, token: str) -> int:
    payload = verify(secret, CHAT_PURPOSE, token, max_age_seconds=CHAT_TOKEN_DAYS * 86_400)
    chat_id = payload.get("s") if isinstance(payload, dict) else None
    if not isinstance(chat_id, int) or isinstance(chat_id, bool):
        raise Forbidden("this chat token is not valid")
    return chat_id


def customer_token(secret: str, customer_id: int) -> str:
    """What a storefront gives its signed-in customer's widget (``data-customer-token``)."""
    return sign(secret, CUSTOMER_PURPOSE, {"c": customer_id})


def customer_id_from_token(secret: str, token: str) -> int:
    max_age = CUSTOMER_TOKEN_HOURS * 3600
    payload = verify(secret, CUSTOMER_PURPOSE, token, max_age_seconds=max_age)
    customer_id = payload.get("c") if isinstance(payload, dict) else None
    if not isinstance(customer_id, int) or isinstance(customer_id, bool):
        raise Forbidden("this customer token is not valid")
    return customer_id


def order_id_from_tracking_token(secret: str, token: str) -> int:
    return tracking.order_id_from_token(secret, token)


def store_order_numbers(text: str) -> list[tuple[str, int, int]]:
    """The store's order numbers in ``text`` with their spans (start, end)."""
    return [(m.group().upper(), m.start(), m.end()) for m in STORE_ORDER_NUMBER.finditer(text)]
