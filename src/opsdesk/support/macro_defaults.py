"""A few sensible macros for a new desk (and the demo store) in each language the desk
drafts in: English, German, French, Spanish and Portuguese (formal address)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel.db import utcnow
from opsdesk.support import macro_text
from opsdesk.support.models import Macro

SEED_ACTOR = "system:seed"

# The delay apologies say the customer is still waiting, not that the order is late: an
# agent also sends them while the carrier's estimate still keeps the promise.
DEFAULT_MACROS: tuple[tuple[str, str, str], ...] = (
    ("Where is my order", "en",
     "Hello {{ customer_first_name }},\n\n"
     "Thank you for asking about order {{ order_number }}. It is {{ order_status }}: "
     "{{ carrier }} expects to deliver it on {{ estimated_delivery_date }}. "
     "You can follow every step here: {{ tracking_link }}\n\n"
     "If anything else comes up, simply reply to this e-mail.\n\n"
     "Kind regards,\n{{ store_name }}"),
    ("Delay apology", "en",
     "Hello {{ customer_first_name }},\n\n"
     "We are sorry that you are still waiting for order {{ order_number }}. "
     "{{ carrier }} now expects to deliver it on {{ estimated_delivery_date }}, and we "
     "are keeping an eye on it for you: {{ tracking_link }}\n\n"
     "Thank you for your patience.\n\n"
     "Kind regards,\n{{ store_name }}"),
    ("Solved, anything else?", "en",
     "Hello {{ customer_first_name }},\n\n"
     "We have taken care of your request ({{ ticket_reference }}). If there is anything "
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
     "es tut uns leid, dass Sie noch auf Bestellung {{ order_number }} warten. "
     "{{ carrier }} rechnet nun mit der Zustellung am {{ estimated_delivery_date }}; "
     "wir behalten die Sendung für Sie im Blick: {{ tracking_link }}\n\n"
     "Vielen Dank für Ihre Geduld.\n\n"
     "Freundliche Grüße\n{{ store_name }}"),
    ("Erledigt, noch etwas?", "de",
     "Hallo {{ customer_first_name }},\n\n"
     "wir haben Ihr Anliegen ({{ ticket_reference }}) erledigt. Können wir sonst noch "
     "etwas für Sie tun? Antworten Sie einfach auf diese E-Mail.\n\n"
     "Freundliche Grüße\n{{ store_name }}"),
    ("Où est ma commande", "fr",
     "Bonjour {{ customer_first_name }},\n\n"
     "Merci pour votre message au sujet de la commande {{ order_number }}. Elle est "
     "{{ order_status }} : {{ carrier }} prévoit de la livrer le {{ estimated_delivery_date }}. "
     "Vous pouvez suivre chaque étape ici : {{ tracking_link }}\n\n"
     "Pour toute autre question, il vous suffit de répondre à cet e-mail.\n\n"
     "Bien cordialement,\n{{ store_name }}"),
    ("Excuses pour le retard", "fr",
     "Bonjour {{ customer_first_name }},\n\n"
     "Nous sommes désolés que vous attendiez encore la commande {{ order_number }}. "
     "{{ carrier }} prévoit désormais de la livrer le {{ estimated_delivery_date }}, et nous "
     "la suivons de près pour vous : {{ tracking_link }}\n\n"
     "Merci de votre patience.\n\n"
     "Bien cordialement,\n{{ store_name }}"),
    ("Résolu, autre chose ?", "fr",
     "Bonjour {{ customer_first_name }},\n\n"
     "Nous avons traité votre demande ({{ ticket_reference }}). Si nous pouvons faire autre "
     "chose pour vous, répondez simplement à cet e-mail et nous reprendrons le fil.\n\n"
     "Bien cordialement,\n{{ store_name }}"),
    ("Dónde está mi pedido", "es",
     "Hola, {{ customer_first_name }}:\n\n"
     "Gracias por escribirnos sobre el pedido {{ order_number }}. Está {{ order_status }}: "
     "{{ carrier }} prevé entregarlo el {{ estimated_delivery_date }}. Puede seguir cada "
     "paso aquí: {{ tracking_link }}\n\n"
     "Si surge cualquier otra cosa, basta con responder a este correo.\n\n"
     "Un cordial saludo,\n{{ store_name }}"),
    ("Disculpas por el retraso", "es",
     "Hola, {{ customer_first_name }}:\n\n"
     "Lamentamos que todavía esté esperando el pedido {{ order_number }}. "
     "{{ carrier }} prevé ahora entregarlo el {{ estimated_delivery_date }} y lo seguimos de "
     "cerca por usted: {{ tracking_link }}\n\n"
     "Gracias por su paciencia.\n\n"
     "Un cordial saludo,\n{{ store_name }}"),
    ("Resuelto, ¿algo más?", "es",
     "Hola, {{ customer_first_name }}:\n\n"
     "Hemos resuelto su solicitud ({{ ticket_reference }}). Si podemos ayudarle en algo más, "
     "responda a este correo y retomaremos el caso.\n\n"
     "Un cordial saludo,\n{{ store_name }}"),
    ("Onde está meu pedido", "pt-BR",
     "Olá, {{ customer_first_name }},\n\n"
     "Obrigado por nos escrever sobre o pedido {{ order_number }}. Ele está "
     "{{ order_status }}: a {{ carrier }} prevê a entrega em {{ estimated_delivery_date }}. "
     "Você pode acompanhar cada etapa aqui: {{ tracking_link }}\n\n"
     "Se precisar de mais alguma coisa, é só responder a este e-mail.\n\n"
     "Atenciosamente,\n{{ store_name }}"),
    ("Desculpas pelo atraso", "pt-BR",
     "Olá, {{ customer_first_name }},\n\n"
     "Sentimos muito que você ainda esteja esperando o pedido {{ order_number }}. "
     "A {{ carrier }} agora prevê a entrega em {{ estimated_delivery_date }}, e "
     "estamos acompanhando de perto para você: {{ tracking_link }}\n\n"
     "Obrigado pela paciência.\n\n"
     "Atenciosamente,\n{{ store_name }}"),
    ("Resolvido, algo mais?", "pt-BR",
     "Olá, {{ customer_first_name }},\n\n"
     "Resolvemos a sua solicitação ({{ ticket_reference }}). Se pudermos ajudar em mais "
     "alguma coisa, é só responder a este e-mail que retomamos o atendimento.\n\n"
     "Atenciosamente,\n{{ store_name }}"),
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
