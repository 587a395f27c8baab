"""The chat: sessions, turns, handover to a person, and the public chat API."""

from __future__ import annotations

from opsdesk.assistant.chat.history import messages_since
from opsdesk.assistant.chat.identity import chat_token, customer_token
from opsdesk.assistant.chat.service import (
    ChatConfig,
    TooManyMessages,
    TurnResult,
    get_chat,
    post_message,
    start_chat,
)
from opsdesk.assistant.chat.waiting import expected_wait_minutes

__all__ = [
    "ChatConfig",
    "TooManyMessages",
    "TurnResult",
    "chat_token",
    "customer_token",
    "expected_wait_minutes",
    "get_chat",
    "messages_since",
    "post_message",
    "start_chat",
]
