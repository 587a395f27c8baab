"""What each intent means, in words staff read (the workspace is in English): the knowledge
base, the handover note and the handover ticket's subject show these, never the ids."""

from __future__ import annotations

from opsdesk.assistant.nlu.intents import Intent

INTENT_LABELS: dict[Intent, str] = {
    Intent.TRACK_ORDER: "Where is my order",
    Intent.DELIVERY_PERIOD: "How long delivery takes",
    Intent.DELIVERY_OPTIONS: "Delivery options",
    Intent.CANCEL_ORDER: "Cancel an order",
    Intent.CHANGE_ORDER: "Change an order",
    Intent.PLACE_ORDER: "Place an order",
    Intent.CHANGE_SHIPPING_ADDRESS: "Change the delivery address",
    Intent.SET_UP_SHIPPING_ADDRESS: "Set up a delivery address",
    Intent.GET_REFUND: "Ask for a refund",
    Intent.TRACK_REFUND: "Where is my refund",
    Intent.CHECK_REFUND_POLICY: "Refund and return policy",
    Intent.START_RETURN: "Start a return",
    Intent.CHECK_CANCELLATION_FEE: "Cancellation fee",
    Intent.GET_INVOICE: "Get an invoice",
    Intent.CHECK_INVOICE: "Question about an invoice",
    Intent.CHECK_PAYMENT_METHODS: "Payment methods",
    Intent.PAYMENT_ISSUE: "Payment problem",
    Intent.COMPLAINT: "Complaint",
    Intent.REVIEW: "Leave a review",
    Intent.CONTACT_CUSTOMER_SERVICE: "Contact customer service",
    Intent.CONTACT_HUMAN_AGENT: "Talk to a person",
    Intent.CREATE_ACCOUNT: "Create an account",
    Intent.DELETE_ACCOUNT: "Delete an account",
    Intent.EDIT_ACCOUNT: "Edit account details",
    Intent.SWITCH_ACCOUNT: "Switch accounts",
    Intent.RECOVER_PASSWORD: "Forgotten password",
    Intent.REGISTRATION_PROBLEMS: "Trouble registering",
    Intent.NEWSLETTER_SUBSCRIPTION: "Newsletter subscription",
    Intent.GREETING: "Greeting",
    Intent.THANKS: "Thanks",
    Intent.GOODBYE: "Goodbye",
    Intent.CHECK_STOCK: "Is it in stock",
    Intent.REPORT_DAMAGED_ITEM: "Item arrived damaged",
    Intent.REPORT_WRONG_ITEM: "Wrong item received",
    Intent.OUT_OF_SCOPE: "Not a shop question",
}


def intent_label(intent: str | None) -> str:
    """``check_refund_policy`` → ``Refund and return policy``; an id the table does not
    know (an old or custom intent) reads as its words."""
    if not intent:
        return "Unknown"
    try:
        return INTENT_LABELS[Intent(intent)]
    except ValueError:
        return intent.replace("_", " ").capitalize()
