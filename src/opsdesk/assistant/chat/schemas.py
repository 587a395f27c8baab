"""Request and response shapes of the chat API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

MAX_MESSAGE_CHARS = 2000


class ChatSessionCreate(BaseModel):
    store: str = Field(default="", max_length=80, description="The widget's data-store.")
    locale: str | None = Field(
        default=None, max_length=16, pattern=r"^[A-Za-z]{2}([-_][A-Za-z]{2,4})?$"
    )
    timezone: str | None = Field(default=None, max_length=64)
    customer_token: str | None = Field(
        default=None,
        max_length=500,
        description="Signed by the storefront for a signed-in customer.",
    )
    tracking_token: str | None = Field(
        default=None, max_length=500, description="The token of a tracking page link."
    )


class ChatLink(BaseModel):
    kind: str
    url: str


class ChatMessageRead(BaseModel):
    id: str = Field(description="c<n> for chat messages, t<n> for agent replies on the ticket.")
    role: Literal["customer", "assistant", "agent", "system"]
    author: str
    body: str
    created_at: datetime
    intent: str | None = None
    confidence: float | None = None
    language: str | None = None
    links: list[ChatLink] = Field(default_factory=list)


class HandoverRead(BaseModel):
    handed_over: bool
    ticket_reference: str | None = None


class ChatSessionRead(BaseModel):
    id: int
    token: str
    locale: str
    handover: HandoverRead
    messages: list[ChatMessageRead]
    cursor: str


class ChatMessageCreate(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


class ChatTurnRead(BaseModel):
    intent: str | None
    confidence: float | None
    language: str
    handover: HandoverRead
    replies: list[ChatMessageRead] = Field(description="The assistant's answer to this message.")
    messages: list[ChatMessageRead] = Field(
        description="Everything after the cursor sent (agents' replies included)."
    )
    cursor: str


class ChatMessagesRead(BaseModel):
    messages: list[ChatMessageRead]
    handover: HandoverRead
    cursor: str
