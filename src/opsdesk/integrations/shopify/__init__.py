"""Shopify: order and refund webhooks."""

from opsdesk.integrations.shopify.common import WebhookResult
from opsdesk.integrations.shopify.service import HANDLERS, handle_webhook

__all__ = ["HANDLERS", "WebhookResult", "handle_webhook"]
