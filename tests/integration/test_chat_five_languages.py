"""One customer, five languages, the four things people come to the chat for (#14 "done
when"): where is my order, change the delivery address (an address of every country the
store ships to), start a return, ask for a person — each ending in the real change on a
real database, not only in a reply."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from sqlalchemy.orm import Session

from opsdesk import orders, returns
from opsdesk.assistant.chat import ChatConfig, identity, post_message, start_chat
from tests.factories.delivered import TUESDAY_AFTER, Delivered, delivered_lamp_and_mug
from tests.factories.orders import MUG, place

CONFIG = ChatConfig(store_name="Nordlicht", secret_key="test-secret-key",
                    public_url="https://shop.example", default_locale="en",
                    default_timezone="Europe/Berlin")  # fmt: skip


class Chat:
    """A signed-in customer's chat (e-mail proven by the shop), a message every 20 s."""

    def __init__(self, session: Session, customer_id: int, locale: str) -> None:
        token = identity.customer_token(CONFIG.secret_key, customer_id)
        self.session = session
        self.clock = (TUESDAY_AFTER + timedelta(seconds=20 * n) for n in count(1))
        self.chat = start_chat(session, CONFIG, locale=locale, customer_token=token,
                               now=TUESDAY_AFTER)  # fmt: skip

    def say(self, text: str) -> tuple[str, str]:
        result = post_message(self.session, CONFIG, self.chat.id, text, now=next(self.clock))
        return result.turn.intent, "\n".join(m.body for m in result.replies)


# language: where is my order, change the address to …, yes, return … from the
# delivered order (the shop's titles are English: "luminária" names no item, so the
# Portuguese customer picks it from the list), yes, a person
TURNS = {
    "en": ("where is my order {n}?", "please change the delivery address of {n} to {a}",
           "yes", ("I want to return the lamp from order {d}, it is too small",), "yes please",
           "I want to talk to a person"),
    "de": ("Wo ist meine Bestellung {n}?", "Bitte ändern Sie die Lieferadresse von {n} auf {a}",
           "ja", ("Ich möchte die Lampe aus Bestellung {d} zurückschicken, sie ist mir zu klein",), "ja, bitte",
           "Ich möchte mit einem Mitarbeiter sprechen"),
    "fr": ("Où est ma commande {n} ?", "Merci de changer l'adresse de livraison de {n} : {a}",
           "oui", ("Je voudrais retourner la lampe de la commande {d}, elle est trop petite",), "oui",
           "Je veux parler à un conseiller"),
    "es": ("¿Dónde está mi pedido {n}?", "Cambien la dirección de entrega de {n} a {a}",
           "sí", ("Quiero devolver la lámpara del pedido {d}, me queda pequeña",), "sí",
           "Quiero hablar con una persona"),
    "pt": ("Onde está minha encomenda {n}?", "Quero mudar o endereço de entrega de {n} para {a}",
           "sim", ("Quero devolver a luminária da encomenda {d}, ficou pequena", "2"), "sim",
           "Quero falar com um atendente"),
}  # fmt: skip
# Every country the store ships to, each asked for in one of the five languages:
# (language, address as typed, expected street, postal code, town, country).
ADDRESSES = [
    ("en", "5 Main Street, Cork T12 AB34, Ireland", "5 Main Street", "T12 AB34", "Cork", "IE"),
    ("en", "10 Downing Street, London SW1A 2AA, United Kingdom", "10 Downing Street",
     "SW1A 2AA", "London", "GB"),
    ("en", "1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA", "1600 Amphitheatre Pkwy",
     "94043", "Mountain View", "US"),
    ("de", "Hauptstraße 5, 10117 Berlin", "Hauptstraße 5", "10117", "Berlin", "DE"),
    ("de", "Mariahilfer Straße 12, 1070 Wien, Österreich", "Mariahilfer Straße 12", "1070",
     "Wien", "AT"),
    ("fr", "12 rue de la Paix, 75002 Paris, France", "12 rue de la Paix", "75002", "Paris",
     "FR"),
    ("es", "Calle Mayor 5, 28013 Madrid, España", "Calle Mayor 5", "28013", "Madrid", "ES"),
    ("pt", "Rua Augusta 100, 1100-053 Lisboa, Portugal", "Rua Augusta 100", "1100-053",
     "Lisboa", "PT"),
    ("pt", "Avenida Paulista 1000, 01310-100 São Paulo, Brasil", "Avenida Paulista 1000",
     "01310-100", "São Paulo", "BR"),
    ("en", "Damrak 1, 1012 LG Amsterdam, Netherlands", "Damrak 1", "1012 LG", "Amsterdam",
     "NL"),
    ("en", "Via Roma 10, 00184 Roma, Italy", "Via Roma 10", "00184", "Roma", "IT"),
]  # fmt: skip


def _open_order(session: Session) -> orders.Order:
    """A second, not yet shipped order of the same customer (same e-mail)."""
    return place(session, {MUG: 1}, now=TUESDAY_AFTER - timedelta(hours=1))


def _change_address(session: Session, chat: Chat, language: str, order: orders.Order,
                    address: str) -> None:  # fmt: skip
    turns = TURNS[language]
    chat.say(turns[1].format(n=order.number, a=address))
    chat.say(turns[2])


@pytest.mark.parametrize("language", sorted(TURNS))
def test_the_four_errands_in_every_language(session: Session, language: str) -> None:
    delivered: Delivered = delivered_lamp_and_mug(session, language)
    pending = _open_order(session)
    chat = Chat(session, delivered.customer_id, language)
    turns = TURNS[language]

    intent, where = chat.say(turns[0].format(n=pending.number))
    assert intent == "track_order"
    assert pending.number in where

    _change_address(session, chat, language, pending, "Hauptstraße 5, 10117 Berlin")
    session.expire_all()
    moved = orders.read_order(session, pending.id).shipping_address
    assert (moved.line1, moved.postal_code, moved.city) == ("Hauptstraße 5", "10117", "Berlin")

    for text in turns[3]:
        chat.say(text.format(d=delivered.number))
    chat.say(turns[4])
    session.expire_all()
    [rma] = returns.returns_for_order(session, delivered.order_id)
    assert rma.status is returns.ReturnStatus.REQUESTED

    intent, _ = chat.say(turns[5])
    session.refresh(chat.chat)
    assert chat.chat.ticket_id is not None  # a person has the chat now


@pytest.mark.parametrize(("language", "typed", "street", "postal_code", "town", "country"),
                         ADDRESSES, ids=[row[-1] for row in ADDRESSES])  # fmt: skip
def test_a_delivery_address_of_every_country_is_changed_through_the_chat(
    session: Session, language: str, typed: str, street: str, postal_code: str, town: str,
    country: str,
) -> None:  # fmt: skip
    delivered = delivered_lamp_and_mug(session, language)
    pending = _open_order(session)
    chat = Chat(session, delivered.customer_id, language)
    _change_address(session, chat, language, pending, typed)
    session.expire_all()
    moved = orders.read_order(session, pending.id).shipping_address
    assert (moved.line1, moved.postal_code, moved.city, moved.country) == (
        street, postal_code, town, country
    )  # fmt: skip
