"""Notifications: localised messages to customers over e-mail, webhooks and other channels."""

from opsdesk.notifications.attachments import queue_email
from opsdesk.notifications.catalog import TYPES, MessageType
from opsdesk.notifications.channels import Attachment, Channel, Outgoing, PermanentFailure
from opsdesk.notifications.handlers import build_channels
from opsdesk.notifications.models import Message, MessageStatus, Preference
from opsdesk.notifications.rendering import Money, Register, render
from opsdesk.notifications.service import StoreVoice, deliver, queue_for_customer, told_contexts

__all__ = [
    "TYPES",
    "Attachment",
    "Channel",
    "Message",
    "MessageStatus",
    "MessageType",
    "Money",
    "Outgoing",
    "PermanentFailure",
    "Preference",
    "Register",
    "StoreVoice",
    "build_channels",
    "deliver",
    "queue_email",
    "queue_for_customer",
    "render",
    "told_contexts",
]
