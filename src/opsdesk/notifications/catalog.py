"""The kinds of message OpsDesk sends, and which of them a customer cannot turn off."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class MessageType(enum.StrEnum):
    ORDER_CONFIRMATION = "order_confirmation"
    BACKORDERED = "backordered"
    SHIPPED = "shipped"
    DELAY_NOTICE = "delay_notice"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    FOLLOW_UP = "follow_up"
    RETURN_RECEIVED = "return_received"
    REFUND_ISSUED = "refund_issued"
    CSAT_SURVEY = "csat_survey"
    DISCOUNT_CODE = "discount_code"
    CHAT_VERIFICATION_CODE = "chat_verification_code"
    ORDER_CHANGED_IN_CHAT = "order_changed_in_chat"


@dataclass(frozen=True)
class TypeInfo:
    transactional: bool  # must go: the customer cannot opt out
    required: tuple[str, ...]  # context variables every template may use
    immediate: bool = False  # sent at once, quiet hours or not (a code the customer awaits)


_ORDER = ("customer_first_name", "order_number", "store_name", "tracking_page_url")
_CODE = ("customer_first_name", "order_number", "store_name")

TYPES: dict[MessageType, TypeInfo] = {
    MessageType.ORDER_CONFIRMATION: TypeInfo(True, (*_ORDER, "order_total", "promised_date")),
    MessageType.BACKORDERED: TypeInfo(True, (*_ORDER, "items", "promised_date")),
    MessageType.SHIPPED: TypeInfo(True, (*_ORDER, "carrier", "tracking_url", "estimated_date")),
    MessageType.DELAY_NOTICE: TypeInfo(
        True, (*_ORDER, "reason", "promised_date", "new_date", "remedy")
    ),
    MessageType.OUT_FOR_DELIVERY: TypeInfo(False, (*_ORDER, "carrier", "tracking_url")),
    MessageType.DELIVERED: TypeInfo(False, (*_ORDER, "delivered_date")),
    MessageType.FOLLOW_UP: TypeInfo(False, (*_ORDER, "product_name")),
    MessageType.RETURN_RECEIVED: TypeInfo(True, (*_ORDER, "return_number")),
    MessageType.REFUND_ISSUED: TypeInfo(True, (*_ORDER, "refund_amount")),
    MessageType.CSAT_SURVEY: TypeInfo(False, ("customer_first_name", "store_name", "survey_url")),
    MessageType.DISCOUNT_CODE: TypeInfo(
        False, ("customer_first_name", "store_name", "code", "amount", "expires_date")
    ),
    MessageType.CHAT_VERIFICATION_CODE: TypeInfo(
        True, (*_CODE, "verification_code", "expires_minutes"), immediate=True
    ),
    # ``change``: "address" (``new_address`` set) or "cancelled"
    MessageType.ORDER_CHANGED_IN_CHAT: TypeInfo(
        True, (*_ORDER, "change", "new_address"), immediate=True
    ),
}
