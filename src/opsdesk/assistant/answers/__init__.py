"""Answers from live data: orders, parcels, refunds, stock, delivery dates, the knowledge base."""

from __future__ import annotations

from opsdesk.assistant.answers.changes import format_address
from opsdesk.assistant.answers.money import (
    Invoice,
    InvoiceLine,
    build_invoice,
    invoice_url,
    order_id_from_invoice_token,
)
from opsdesk.assistant.answers.reply import Answer, Context, Link, Reply, StoreFacts
from opsdesk.assistant.answers.respond import respond
from opsdesk.assistant.answers.texts import Voice, language_of, placeholders, templates

__all__ = [
    "Answer",
    "Context",
    "Invoice",
    "InvoiceLine",
    "Link",
    "Reply",
    "StoreFacts",
    "Voice",
    "build_invoice",
    "format_address",
    "invoice_url",
    "language_of",
    "order_id_from_invoice_token",
    "placeholders",
    "respond",
    "templates",
]
