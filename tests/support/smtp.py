"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from opsdesk.config import Settings


@dataclass
class Inbox:
    messages: list[EmailMessage] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.arrived:
            self.messages.append(parsed)
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for_subject(self, subject: str, timeout: float = 10.0) -> list[EmailMessage]:
        """Messages with ``subject``, waiting until one arrives (other mail may come first)."""

        def matching() -> list[EmailMessage]:
            return [m for m in self.messages if m["Subject"] == subject]

        with self.arrived:
            self.arrived.wait_for(lambda: bool(matching()), timeout)
            return matching()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
            return list(self.messages)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[str, int, Inbox]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield "127.0.0.1", port, inbox
    finally:
        controller.stop()


@contextmanager
def store_mailbox(settings: Settings, **overrides: Any) -> Iterator[tuple[Settings, Inbox]]:
    """The Nordlicht store's settings mailing through a fresh loopback server, and its inbox."""
    with smtp_server() as (host, port, inbox):
        values = {
            "smtp_host": host,
            "smtp_port": port,
            "smtp_security": "none",
            "mail_from": "care@nordlicht.example",
            "store_name": "Nordlicht",
            "public_url": "https://shop.nordlicht.example",
            **overrides,
        }
        yield settings.model_copy(update=values), inbox
