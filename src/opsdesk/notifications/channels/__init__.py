"""Ways a message reaches a customer, behind one small protocol."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # "application/pdf"
    data: bytes


@dataclass(frozen=True)
class Outgoing:
    message_id: str  # stable per message: retries reuse it, so receivers can deduplicate
    recipient: str
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()  # e-mail carries them; other channels ignore them


class PermanentFailure(Exception):
    """The channel will never accept this message (bad address…): do not retry."""


class Channel(Protocol):
    name: str

    def send(self, message: Outgoing) -> None:
        """Deliver or raise: PermanentFailure for good, any other exception to retry."""
        ...
