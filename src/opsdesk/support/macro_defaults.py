"""A few sensible macros in English and German for a new desk (and the demo store)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel.db import utcnow
from opsdesk.support import macro_text
from opsdesk.support.models import Macro

SEED_ACTOR = "system:seed"

DEFAULT_MACROS: tuple[tuple[str, str, str], ...] = (
    ("Where is my order", "en",
     "Hello {{ customer_first_name }},\n\n"
     "thank you for asking about order {{ order_number }}. It is {{ order_status }}: "
     "{{ carrier }} expects to deliver it on {{ estimated_delivery_date }}. "
     "You can follow every step here: {{ tracking_link }}\n\n"
     "If anything else comes up, simply reply to this e-mail.\n\n"
     "Kind regards,\n{{ store_name }}"),
    ("Delay apology", "en",
     "Hello {{ customer_first_name }},\n\n"
     "we are sorry that order {{ order_number }} is taking longer than promised. "
     "{{ carrier }} now expects to deliver it on {{ estimated_delivery_date }}, and we "
     "are keeping an eye on it for you: {{ tracking_link }}\n\n"
     "Thank you for your patience.\n\n"
     "Kind regards,\n{{ store_name }}"),
    ("Solved, anything else?", "en",
     "Hello {{ customer_first_name }},\n\n"
     "we have taken care of your request ({{ ticket_reference }}). If there is anything "
     "else we can do, just reply to this e-mail and we will pick it up again.\n\n"
     "Kind regards,\n{{ store_name }}"),
    ("Wo ist meine Bestellung", "de",
     "Hallo {{ customer_first_name }},\n\n"
     "vielen Dank für Ihre Nachricht zu Bestellung {{ order_number }}. Sie ist "
     "{{ order_status }}; {{ carrier }} stellt sie voraussichtlich am "
     "{{ estimated_delivery_date }} zu. Jeden Schritt können Sie hier verfolgen: "
     "{{ tracking_link }}\n\n"
     "Bei weiteren Fragen antworten Sie einfach auf diese E-Mail.\n\n"
     "Freundliche Grüße\n{{ store_name }}"),
    ("Entschuldigung für die Verspätung", "de",
     "Hallo {{ customer_first_name }},\n\n"
     "es tut uns leid, dass Bestellung {{ order_number }} länger braucht als zugesagt. "
     "{{ carrier }} rechnet nun mit der Zustellung am {{ estimated_delivery_date }}; "
     "wir behalten die Sendung für Sie im Blick: {{ tracking_link }}\n\n"
     "Vielen Dank für Ihre Geduld.\n\n"
     "Freundliche Grüße\n{{ store_name }}"),
    ("Erledigt, noch etwas?", "de",
     "Hallo {{ customer_first_name }},\n\n"
     "wir haben Ihr Anliegen ({{ ticket_reference }}) erledigt. Können wir sonst noch "
     "etwas für Sie tun? Antworten Sie einfach auf diese E-Mail.\n\n"
     "Freundliche Grüße\n{{ store_name }}"),
)  # fmt: skip


def seed_default_macros(session: Session, *, now: datetime | None = None) -> list[Macro]:
    """Add the default macros that are not there yet (by name and language); returns
    the ones added, so running it twice adds nothing."""
    at = now or utcnow()
    existing = {
        (row.name, row.locale) for row in session.execute(sa.select(Macro.name, Macro.locale))
    }
    added: list[Macro] = []
    for name, locale, body in DEFAULT_MACROS:
        if (name, locale) in existing:
            continue
        macro_text.check_body(body)
        added.append(Macro(name=name, locale=locale, body=body, created_by=SEED_ACTOR,
                           created_at=at, updated_at=at))  # fmt: skip
    session.add_all(added)
    session.flush()
    return added
