"""Macro text, pure: which ``{{ variables }}`` a body uses, and filling them in.

A body is plain text with ``{{ name }}`` slots. Unknown names are refused when a macro
is saved; at render time a value the data cannot give (no shipment yet, so no carrier)
becomes a bracketed placeholder such as ``[carrier unknown]`` that the agent must
replace before sending — the reply box shows it, nothing crashes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

VARIABLES: Mapping[str, str] = {
    "customer_first_name": "customer first name",
    "order_number": "order number",
    "order_status": "order status",
    "carrier": "carrier",
    "tracking_link": "tracking link",
    "estimated_delivery_date": "estimated delivery date",
    "store_name": "store name",
    "ticket_reference": "ticket reference",
}
"""Every variable a macro may use, with the words its placeholder uses."""

_SLOT = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")

_STATUS_WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "placed": "received", "allocated": "being prepared", "backordered": "waiting for stock",
        "picking": "being picked", "packed": "packed and ready to ship",
        "partially_shipped": "partly shipped", "shipped": "on its way",
        "delivered": "delivered", "cancelled": "cancelled", "returned": "returned",
    },
    "de": {
        "placed": "eingegangen", "allocated": "in Vorbereitung",
        "backordered": "in Nachlieferung", "picking": "in der Kommissionierung",
        "packed": "verpackt und versandbereit", "partially_shipped": "teilweise versandt",
        "shipped": "unterwegs", "delivered": "zugestellt", "cancelled": "storniert",
        "returned": "zurückgesendet",
    },
    # French reads with "commande" (feminine); Spanish and Portuguese with "pedido".
    "fr": {
        "placed": "reçue", "allocated": "en préparation",
        "backordered": "en attente de réapprovisionnement", "picking": "en préparation en entrepôt",
        "packed": "emballée et prête à partir", "partially_shipped": "partiellement expédiée",
        "shipped": "en route", "delivered": "livrée", "cancelled": "annulée",
        "returned": "retournée",
    },
    "es": {
        "placed": "recibido", "allocated": "en preparación", "backordered": "a la espera de stock",
        "picking": "en preparación en el almacén", "packed": "embalado y listo para enviar",
        "partially_shipped": "enviado en parte", "shipped": "en camino",
        "delivered": "entregado", "cancelled": "cancelado", "returned": "devuelto",
    },
    "pt": {
        "placed": "recebido", "allocated": "em preparação", "backordered": "aguardando estoque",
        "picking": "em separação", "packed": "embalado e pronto para envio",
        "partially_shipped": "enviado parcialmente", "shipped": "a caminho",
        "delivered": "entregue", "cancelled": "cancelado", "returned": "devolvido",
    },
}  # fmt: skip


class MacroSyntaxError(ValueError):
    """A body that cannot be saved; ``unknown`` names the variables nobody can fill."""

    def __init__(self, message: str, unknown: list[str] | None = None) -> None:
        super().__init__(message)
        self.unknown = unknown or []


def variables_in(body: str) -> list[str]:
    """The variable names a body uses, in order of first appearance."""
    names: list[str] = []
    for match in _SLOT.finditer(body):
        if match.group(1) not in names:
            names.append(match.group(1))
    return names


def check_body(body: str) -> list[str]:
    """The variables of a valid body; ``MacroSyntaxError`` naming what is wrong."""
    leftover = _SLOT.sub("", body)
    if "{{" in leftover or "}}" in leftover:
        raise MacroSyntaxError("a '{{' or '}}' is not part of a {{ variable }}")
    names = variables_in(body)
    unknown = [name for name in names if name not in VARIABLES]
    if unknown:
        known = ", ".join(VARIABLES)
        raise MacroSyntaxError(
            f"unknown variable(s): {', '.join(unknown)}; use any of {known}", unknown
        )
    return names


def placeholder(name: str) -> str:
    return f"[{VARIABLES.get(name, name.replace('_', ' '))} unknown]"


def fill(body: str, values: Mapping[str, str | None]) -> str:
    """Replace every slot; a missing or empty value becomes its placeholder."""

    def value_of(match: re.Match[str]) -> str:
        name = match.group(1)
        return values.get(name) or placeholder(name)

    return _SLOT.sub(value_of, body)


def babel_locale(tag: str | None, fallback: str = "en") -> Locale:
    for candidate in (tag, fallback, "en"):
        if candidate:
            try:
                return Locale.parse(candidate.replace("-", "_"))
            except (UnknownLocaleError, ValueError):
                continue
    return Locale.parse("en")


def time_zone(name: str | None, fallback: str = "UTC") -> ZoneInfo:
    for candidate in (name, fallback, "UTC"):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def local_day(instant: datetime, zone: ZoneInfo) -> date:
    """The calendar day an instant falls on where the customer lives."""
    return instant.astimezone(zone).date()


def format_day(day: date, locale: Locale) -> str:
    """A date as the customer writes it: ``Thursday, November 19, 2026`` /
    ``Donnerstag, 19. November 2026``."""
    return format_date(day, "full", locale=locale)


def status_words(status: str, locale: str) -> str:
    """The order status as a customer reads it, in the macro's language (else English)."""
    language = locale.split("-")[0].lower()
    words = _STATUS_WORDS.get(language, _STATUS_WORDS["en"])
    return words.get(status, status.replace("_", " "))
