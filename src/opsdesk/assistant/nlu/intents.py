"""The intents the assistant understands out of the box."""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    """Customer-service intents; names match common e-commerce datasets so their labels fit."""

    TRACK_ORDER = "track_order"
    DELIVERY_PERIOD = "delivery_period"
    DELIVERY_OPTIONS = "delivery_options"
    CANCEL_ORDER = "cancel_order"
    CHANGE_ORDER = "change_order"
    PLACE_ORDER = "place_order"
    CHANGE_SHIPPING_ADDRESS = "change_shipping_address"
    SET_UP_SHIPPING_ADDRESS = "set_up_shipping_address"
    GET_REFUND = "get_refund"
    TRACK_REFUND = "track_refund"
    CHECK_REFUND_POLICY = "check_refund_policy"
    START_RETURN = "start_return"
    CHECK_CANCELLATION_FEE = "check_cancellation_fee"
    GET_INVOICE = "get_invoice"
    CHECK_INVOICE = "check_invoice"
    CHECK_PAYMENT_METHODS = "check_payment_methods"
    PAYMENT_ISSUE = "payment_issue"
    COMPLAINT = "complaint"
    REVIEW = "review"
    CONTACT_CUSTOMER_SERVICE = "contact_customer_service"
    CONTACT_HUMAN_AGENT = "contact_human_agent"
    CREATE_ACCOUNT = "create_account"
    DELETE_ACCOUNT = "delete_account"
    EDIT_ACCOUNT = "edit_account"
    SWITCH_ACCOUNT = "switch_account"
    RECOVER_PASSWORD = "recover_password"
    REGISTRATION_PROBLEMS = "registration_problems"
    NEWSLETTER_SUBSCRIPTION = "newsletter_subscription"
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    CHECK_STOCK = "check_stock"
    REPORT_DAMAGED_ITEM = "report_damaged_item"
    REPORT_WRONG_ITEM = "report_wrong_item"
    OUT_OF_SCOPE = "out_of_scope"


# Intents with training phrases in every supported language, not only English.
COMMON_INTENTS: frozenset[Intent] = frozenset(
    {
        Intent.TRACK_ORDER,
        Intent.DELIVERY_PERIOD,
        Intent.CANCEL_ORDER,
        Intent.CHANGE_SHIPPING_ADDRESS,
        Intent.GET_REFUND,
        Intent.TRACK_REFUND,
        Intent.CHECK_REFUND_POLICY,
        Intent.START_RETURN,
        Intent.CONTACT_HUMAN_AGENT,
        Intent.CONTACT_CUSTOMER_SERVICE,
        Intent.COMPLAINT,
        Intent.REPORT_DAMAGED_ITEM,
        Intent.REPORT_WRONG_ITEM,
        Intent.CHECK_STOCK,
        Intent.GREETING,
        Intent.THANKS,
        Intent.GOODBYE,
        Intent.OUT_OF_SCOPE,
    }
)

LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "pt")
