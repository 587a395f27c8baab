"""Customer messages about an order: the shared context, the store's voice, queueing.

Every message carries ``tracking_page_url`` (the signed link to the order's page),
amounts as :class:`notifications.Money` and dates as ``date`` in the customer's time
zone, and is queued through ``notifications.queue_for_customer`` — which renders it in
the customer's language, keeps one message per cause and writes the order timeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from opsdesk import notifications, tracking
from opsdesk.config import Settings
from opsdesk.proactive.rules.subjects import OrderInfo


def voice(settings: Settings) -> notifications.StoreVoice:
    try:
        register = notifications.Register(settings.notification_register)
    except ValueError:
        register = notifications.Register.FORMAL
    return notifications.StoreVoice(
        store_name=settings.store_name,
        default_locale=settings.default_locale,
        register=register,
        mail_domain=urlparse(settings.public_url).hostname or "opsdesk.local",
    )


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar day a customer in ``timezone`` saw ``moment`` on."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).date()


def order_context(settings: Settings, info: OrderInfo) -> dict[str, Any]:
    return {
        "customer_first_name": info.first_name,
        "order_number": info.number,
        "tracking_page_url": tracking.tracking_url(settings, info.id),
    }


def send(
    session: Session,
    settings: Settings,
    message_type: notifications.MessageType,
    info: OrderInfo,
    context: Mapping[str, Any],
    *,
    cause: str,
    now: datetime | None = None,
) -> notifications.Message | None:
    """Queue one message about ``info``'s order; None when the order has no customer."""
    if info.customer_id is None:
        return None
    return notifications.queue_for_customer(
        session,
        message_type=message_type,
        customer_id=info.customer_id,
        order_id=info.id,
        context={**order_context(settings, info), **context},
        cause=cause,
        voice=voice(settings),
        now=now,
    )


def money(minor: int, currency: str) -> notifications.Money:
    return notifications.Money(minor=minor, currency=currency)
