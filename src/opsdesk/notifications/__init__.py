"""Notifications: localised messages to customers over e-mail, webhooks and other channels."""

from opsdesk.notifications.catalog import TYPES, MessageType
from opsdesk.notifications.models import Message, MessageStatus, Preference
from opsdesk.notifications.rendering import Money, Register, render
from opsdesk.notifications.service import StoreVoice, deliver, queue_for_customer

__all__ = [
    "TYPES",
    "Message",
    "MessageStatus",
    "MessageType",
    "Money",
    "Preference",
    "Register",
    "StoreVoice",
    "deliver",
    "queue_for_customer",
    "render",
]
