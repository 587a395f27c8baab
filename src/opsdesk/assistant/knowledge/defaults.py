"""The store policies every installation starts with, in English and German.

Staff replace them with their own (``/api/v1/kb/articles``); until the knowledge base
has any article at all, the assistant answers from these.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultArticle:
    slug: str
    locale: str
    title: str
    body: str
    tags: tuple[str, ...]
    intents: tuple[str, ...]


_RETURNS = ("check_refund_policy", "get_refund", "track_refund")
_DELIVERY = ("delivery_period", "delivery_options")
_PAYMENT = ("check_payment_methods", "payment_issue")
_CANCEL = ("check_cancellation_fee",)
_ACCOUNT = ("create_account", "edit_account", "recover_password", "registration_problems",
            "switch_account", "newsletter_subscription", "place_order", "review")  # fmt: skip

DEFAULT_ARTICLES: tuple[DefaultArticle, ...] = (
    DefaultArticle(
        "returns", "en", "Returns and refunds",
        "You can return unused items within 30 days of delivery. Start the return on your "
        "order page (the link is in every e-mail about your order), pack the items safely "
        "and hand the parcel to the carrier. Once the return arrives and has been checked, "
        "we refund the price to your original payment method, usually within 5 business days.",
        ("returns", "refund", "money back"), _RETURNS,
    ),
    DefaultArticle(
        "returns", "de", "Rücksendung und Erstattung",
        "Unbenutzte Artikel können Sie innerhalb von 30 Tagen nach der Zustellung "
        "zurückschicken. Starten Sie die Rücksendung auf Ihrer Bestellseite (der Link steht in "
        "jeder E-Mail zu Ihrer Bestellung), verpacken Sie die Artikel sicher und geben Sie das "
        "Paket beim Paketdienst ab. Sobald die Rücksendung bei uns geprüft ist, erstatten wir "
        "den Betrag auf Ihr ursprüngliches Zahlungsmittel, in der Regel innerhalb von 5 Werktagen.",
        ("rücksendung", "erstattung", "retoure"), _RETURNS,
    ),
    DefaultArticle(
        "delivery", "en", "Delivery times and options",
        "We ship from our own warehouses on business days. Standard delivery usually takes "
        "2 to 5 business days, economy up to 8, and express 1 to 2. You choose the option at "
        "checkout; every order gets a tracking link as soon as it is handed to the carrier.",
        ("delivery", "shipping", "express"), _DELIVERY,
    ),
    DefaultArticle(
        "delivery", "de", "Lieferzeiten und Versandarten",
        "Wir versenden an Werktagen aus unseren eigenen Lagern. Der Standardversand dauert "
        "meist 2 bis 5 Werktage, Economy bis zu 8 und Express 1 bis 2. Die Versandart wählen "
        "Sie an der Kasse; jede Bestellung erhält einen Link zur Sendungsverfolgung, sobald "
        "sie dem Paketdienst übergeben ist.",
        ("lieferung", "versand", "express"), _DELIVERY,
    ),
    DefaultArticle(
        "payment", "en", "Payment methods",
        "You can pay by credit or debit card, PayPal or bank transfer. Your card is charged "
        "when the order is placed; if a payment fails, no order is created and you can simply "
        "try again or choose another method.",
        ("payment", "card", "paypal"), _PAYMENT,
    ),
    DefaultArticle(
        "payment", "de", "Zahlungsarten",
        "Sie können mit Kredit- oder Debitkarte, PayPal oder per Überweisung bezahlen. Die "
        "Karte wird bei der Bestellung belastet; schlägt eine Zahlung fehl, entsteht keine "
        "Bestellung, und Sie können es einfach erneut oder mit einer anderen Zahlungsart "
        "versuchen.",
        ("zahlung", "karte", "paypal"), _PAYMENT,
    ),
    DefaultArticle(
        "cancellation", "en", "Cancelling an order",
        "Cancelling is free as long as the order has not left our warehouse. After that, "
        "simply return it once it arrives.",
        ("cancel", "cancellation fee"), _CANCEL,
    ),
    DefaultArticle(
        "cancellation", "de", "Bestellung stornieren",
        "Eine Stornierung ist kostenlos, solange die Bestellung unser Lager nicht verlassen "
        "hat. Danach schicken Sie sie nach der Zustellung einfach zurück.",
        ("stornieren", "stornogebühr"), _CANCEL,
    ),
    DefaultArticle(
        "account", "en", "Your customer account and orders",
        "You can order with or without an account. To create or edit an account, reset your "
        "password or change newsletter settings, use the \"My account\" page of our shop.",
        ("account", "password", "newsletter"), _ACCOUNT,
    ),
    DefaultArticle(
        "account", "de", "Kundenkonto und Bestellungen",
        "Sie können mit oder ohne Kundenkonto bestellen. Konto anlegen oder ändern, Passwort "
        "zurücksetzen oder Newsletter-Einstellungen ändern: auf der Seite „Mein Konto“ "
        "unseres Shops.",
        ("konto", "passwort", "newsletter"), _ACCOUNT,
    ),
)  # fmt: skip
