"""Outbound event feeds: signed webhooks per subscriber and an optional RabbitMQ sink.

A module of its own rather than ``integrations/outbound``: it has tables, an API, an
admin page and a catalogue of public topics, and it depends on nothing but the kernel
(it reads events from the outbox by name), where ``integrations`` adapters sit above
the operations modules they feed.
"""

from opsdesk.webhooks.catalog import TOPICS, Topic, topics_of
from opsdesk.webhooks.log import DeliveryState, DeliveryView, delivery_log
from opsdesk.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from opsdesk.webhooks.service import (
    create_subscription,
    delete_subscription,
    fan_out,
    get_subscription,
    list_subscriptions,
    replay,
    rotate_secret,
    update_subscription,
)

__all__ = [
    "TOPICS",
    "DeliveryState",
    "DeliveryStatus",
    "DeliveryView",
    "Topic",
    "WebhookDelivery",
    "WebhookSubscription",
    "create_subscription",
    "delete_subscription",
    "delivery_log",
    "fan_out",
    "get_subscription",
    "list_subscriptions",
    "replay",
    "rotate_secret",
    "topics_of",
    "update_subscription",
]
