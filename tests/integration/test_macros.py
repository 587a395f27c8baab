"""Macros against a real database: saving checks variables, filling in reads the
ticket's customer, order and shipment, and missing data becomes a placeholder."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from opsdesk import customers, orders, shipping, support
from opsdesk.kernel.errors import AlreadyExists, Forbidden, InvalidInput
from opsdesk.kernel.http import Principal, Role
from tests.factories.fulfilment import TUESDAY, Picking, shipped_order
from tests.factories.orders import MUG, make_shop, place
from tests.factories.support import make_agent, make_ticket

BEA = Principal(user_id=None, role=Role.AGENT, name="Bea")
ADMIN = Principal(user_id=None, role=Role.ADMIN, name="root")
WHERE = (
    "Hi {{ customer_first_name }}, order {{ order_number }} is {{ order_status }} with "
    "{{ carrier }}; expected {{ estimated_delivery_date }}. {{ tracking_link }}"
)


def _macro(
    session: Session,
    body: str = WHERE,
    locale: str = "en",
    name: str = "Where",
    author: Principal = BEA,
) -> int:
    data = support.MacroCreate(name=name, body=body, locale=locale)
    return support.create_macro(session, data, author=author).id


def _agent(session: Session, name: str) -> Principal:
    return Principal(user_id=make_agent(session, name), role=Role.AGENT, name=name)


def _shipped_ticket(
    session: Session, locale: str, timezone: str
) -> tuple[Picking, shipping.Shipment, support.Ticket]:
    """A shipped order of a customer in ``locale`` and a ticket linked to it."""
    picking, shipment = shipped_order(session)
    customer = session.get(customers.Customer, shipment_customer(session, picking.order_id))
    assert customer is not None
    customer.locale, customer.timezone = locale, timezone
    return picking, shipment, make_ticket(session, order_ids=[picking.order_id], now=TUESDAY)


def test_a_shipped_order_fills_every_variable_in_the_customers_format(session: Session) -> None:
    picking, shipment, ticket = _shipped_ticket(session, "de", "Europe/Berlin")
    macro_id = _macro(session)

    preview = support.preview_macro(session, macro_id, ticket.id)

    assert shipment.estimated_delivery_date is not None
    assert preview.missing == []
    assert preview.order_id == picking.order_id
    number = support.read_ticket(session, ticket.id).orders[0].number
    day = shipment.estimated_delivery_date
    german_day = f"{day.day}. {_GERMAN_MONTHS[day.month - 1]} {day.year}"
    assert preview.text.startswith(f"Hi Ana, order {number} is on its way with {shipment.carrier}")
    assert german_day in preview.text
    assert shipment.tracking_url in preview.text


_GERMAN_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                  "September", "Oktober", "November", "Dezember"]  # fmt: skip


def shipment_customer(session: Session, order_id: int) -> int:
    order = session.get(orders.Order, order_id)
    assert order is not None
    assert order.customer_id is not None
    return order.customer_id


def test_a_delivered_parcel_shows_the_day_it_arrived_where_the_customer_lives(
    session: Session,
) -> None:
    picking, shipment = shipped_order(session)
    customer = session.get(customers.Customer, shipment_customer(session, picking.order_id))
    assert customer is not None
    customer.locale, customer.timezone = "en", "America/Sao_Paulo"
    # 01:30 UTC on Friday is still Thursday evening in São Paulo.
    shipment.delivered_at = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
    shipment.status = shipping.ShipmentStatus.DELIVERED
    ticket = make_ticket(session, order_ids=[picking.order_id], now=TUESDAY)
    macro_id = _macro(session, "Arrived {{ estimated_delivery_date }}")

    assert support.render_macro(session, macro_id, ticket.id) == (
        "Arrived Thursday, November 19, 2026"
    )


def test_an_order_not_shipped_yet_gets_placeholders_for_the_carrier(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=TUESDAY)
    ticket = make_ticket(session, order_ids=[order.id], now=TUESDAY)
    macro_id = _macro(session, "{{ carrier }} / {{ tracking_link }} / {{ order_status }}")

    preview = support.preview_macro(session, macro_id, ticket.id)

    assert preview.text == "[carrier unknown] / [tracking link unknown] / being prepared"
    assert preview.missing == ["carrier", "tracking_link"]


def test_a_store_context_links_the_customers_tracking_page(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=TUESDAY)
    ticket = make_ticket(session, order_ids=[order.id], now=TUESDAY)
    macro_id = _macro(session, "{{ store_name }}: {{ tracking_link }}")
    store = support.StoreContext(store_name="Nordlicht",
                                 tracking_page=lambda oid: f"https://shop.example/t/{oid}")  # fmt: skip

    text = support.render_macro(session, macro_id, ticket.id, store=store)

    assert text == f"Nordlicht: https://shop.example/t/{order.id}"


def test_a_ticket_without_orders_renders_without_crashing(session: Session) -> None:
    ticket = make_ticket(session, now=TUESDAY)
    macro_id = _macro(session, "Dear {{ customer_first_name }}, about {{ order_number }}")

    assert support.render_macro(session, macro_id, ticket.id) == (
        "Dear Ana, about [order number unknown]"
    )


def test_an_order_not_linked_to_the_ticket_cannot_be_used(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=TUESDAY)
    ticket = make_ticket(session, now=TUESDAY)
    macro_id = _macro(session)

    with pytest.raises(InvalidInput) as refused:
        support.render_macro(session, macro_id, ticket.id, order.id)
    assert refused.value.details["errors"][0]["field"] == "order_id"


def test_saving_refuses_unknown_variables_and_duplicate_names(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        _macro(session, "Hi {{ first_name }} {{ coupon }}")
    assert refused.value.details["unknown_variables"] == ["first_name", "coupon"]
    _macro(session, name="Thanks")
    with pytest.raises(AlreadyExists):
        _macro(session, name="Thanks")
    _macro(session, name="Thanks", locale="de")  # another language may share the name


def test_only_the_author_or_an_admin_changes_a_macro(session: Session) -> None:
    bea, ole = _agent(session, "Bea"), _agent(session, "Ole")
    macro_id = _macro(session, author=bea)
    update = support.MacroUpdate(body="Hello {{ customer_first_name }}")

    with pytest.raises(Forbidden):
        support.update_macro(session, macro_id, update, editor=ole)
    changed = support.update_macro(session, macro_id, update, editor=ADMIN)
    assert changed.body == "Hello {{ customer_first_name }}"
    support.delete_macro(session, macro_id, editor=bea)
    assert support.list_macros(session) == []


def test_default_macros_are_seeded_once_in_every_drafting_language(session: Session) -> None:
    first = support.seed_default_macros(session)
    again = support.seed_default_macros(session)

    assert Counter(m.locale for m in first) == {"en": 3, "de": 3, "fr": 3, "es": 3, "pt-BR": 3}
    assert again == []
    assert len(support.list_macros(session, locale="de")) == len(
        [m for m in first if m.locale == "de"]
    )


def test_a_french_default_macro_reads_as_french_for_a_shipped_order(session: Session) -> None:
    _picking, shipment, ticket = _shipped_ticket(session, "fr-FR", "Europe/Paris")
    where = next(m for m in support.seed_default_macros(session) if m.name == "Où est ma commande")

    preview = support.preview_macro(session, where.id, ticket.id)

    assert preview.missing == []
    assert preview.text.startswith("Bonjour Ana,\n\nMerci pour votre message")
    assert f"Elle est en route : {shipment.carrier} prévoit de la livrer le " in preview.text
    assert shipment.estimated_delivery_date is not None
    assert str(shipment.estimated_delivery_date.year) in preview.text
