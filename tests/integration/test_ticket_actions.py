"""Actions from the ticket on SQLite and PostgreSQL: each changes the order through its
owning service and leaves an internal note; a refused one leaves no trace at all."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from opsdesk import inventory, notifications, orders, promotions, returns, support
from opsdesk.kernel.errors import Conflict, IllegalTransition, InsufficientStock, InvalidInput
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.http import Principal, Role
from tests.factories.customers import berlin_address
from tests.factories.fulfilment import TUESDAY, shipped_order
from tests.factories.inventory import stock_level
from tests.factories.orders import MUG, TEE, make_shop, place
from tests.factories.support import make_ticket

BEA = Principal(user_id=None, role=Role.AGENT, name="Bea")
REQUEST = TypeAdapter(support.ActionRequest)


def _act(session: Session, ticket_id: int, **payload: Any) -> support.ActionOutcome:
    action = REQUEST.validate_python(payload)
    return support.perform_action(session, ticket_id, action, principal=BEA, now=TUESDAY)


def _notes(session: Session, ticket_id: int) -> list[str]:
    query = sa.select(support.TicketMessage.body_text).where(
        support.TicketMessage.ticket_id == ticket_id,
        support.TicketMessage.author_kind == support.AuthorKind.INTERNAL_NOTE,
    )
    return list(session.scalars(query.order_by(support.TicketMessage.id)))


def _events(session: Session, name: str) -> list[dict[str, Any]]:
    query = sa.select(OutboxEvent.payload).where(OutboxEvent.name == name)
    return list(session.scalars(query.order_by(OutboxEvent.id)))


def _timeline(session: Session, order_id: int) -> list[str]:
    return [entry.summary for entry in orders.timeline(session, order_id)]


def _ticket_about(session: Session, order_id: int | None = None) -> int:
    ids = [order_id] if order_id is not None else []
    return make_ticket(session, order_ids=ids, now=TUESDAY - timedelta(hours=1)).id


def test_cancelling_an_order_releases_its_stock_and_notes_the_ticket(session: Session) -> None:
    shop = make_shop(session)
    order = place(session, {MUG: 2}, now=TUESDAY)
    ticket_id = _ticket_about(session, order.id)
    assert stock_level(session, shop.mug, shop.berlin) == (10, 2)

    outcome = _act(session, ticket_id, kind="cancel_order", order_id=order.id,
                   reason="customer ordered twice", note="asked by phone")  # fmt: skip
    session.commit()

    assert stock_level(session, shop.mug, shop.berlin) == (10, 0)
    assert outcome.order_status == "cancelled"
    assert _notes(session, ticket_id) == [
        f"Action by agent:Bea: cancelled order {order.number}: customer ordered twice. "
        "Its reserved stock was released.\n\nasked by phone"
    ]
    assert outcome.note_id
    assert outcome.note == _notes(session, ticket_id)[0]
    assert outcome.draft_reply is not None
    assert order.number in outcome.draft_reply
    assert "Cancelled by agent:Bea" in _timeline(session, order.id)[-1]
    (performed,) = _events(session, "TicketActionPerformed")
    assert (performed["action"], performed["order_id"]) == ("cancel_order", order.id)


def test_cancelling_one_line_keeps_the_rest_of_the_order(session: Session) -> None:
    shop = make_shop(session)
    order = place(session, {MUG: 1, TEE: 1}, now=TUESDAY)
    ticket_id = _ticket_about(session, order.id)
    tee_line = next(line for line in order.lines if line.sku == TEE)

    outcome = _act(session, ticket_id, kind="cancel_lines", order_id=order.id,
                   line_ids=[tee_line.id], reason="wrong size")  # fmt: skip
    session.commit()

    assert outcome.order_status == "allocated"
    assert stock_level(session, shop.tee, shop.berlin) == (2, 0)
    assert stock_level(session, shop.mug, shop.berlin) == (10, 1)
    assert f"cancelled 1 × {tee_line.title or TEE} of order {order.number}" in outcome.note


def test_a_reship_places_a_replacement_that_reserves_stock(session: Session) -> None:
    picking, _shipment = shipped_order(session)
    shop = picking.shop
    order = session.get(orders.Order, picking.order_id)
    assert order is not None
    line = order.lines[0]
    ticket_id = _ticket_about(session, order.id)

    outcome = _act(session, ticket_id, kind="reship", order_id=order.id, reason="damaged",
                   lines=[{"order_line_id": line.id, "quantity": 1}])  # fmt: skip
    session.commit()

    assert outcome.replacement_order_number == f"{order.number}-R1"
    replacement = orders.read_order(session, outcome.replacement_order_id or 0)
    assert (replacement.replaces_order_id, replacement.total_minor) == (order.id, 0)
    assert stock_level(session, shop.mug, shop.berlin) == (8, 1)
    assert f"as replacement order {order.number}-R1" in _notes(session, ticket_id)[0]
    assert f"replacement order {order.number}-R1" in _timeline(session, order.id)[-1]


def test_a_reship_short_of_stock_is_refused_and_leaves_nothing_behind(session: Session) -> None:
    picking, _shipment = shipped_order(session, mugs=10)  # the whole shelf left
    order = session.get(orders.Order, picking.order_id)
    assert order is not None
    ticket_id = _ticket_about(session, order.id)
    session.commit()
    entries_before = len(_timeline(session, order.id))

    with pytest.raises(InsufficientStock):
        _act(session, ticket_id, kind="reship", order_id=order.id, reason="lost",
             lines=[{"order_line_id": order.lines[0].id, "quantity": 1}])  # fmt: skip
    session.commit()  # what the caller's transaction still holds

    assert _notes(session, ticket_id) == []
    assert len(_timeline(session, order.id)) == entries_before
    assert _events(session, "TicketActionPerformed") == []
    assert _events(session, "OrderReshipped") == []


def test_starting_a_return_opens_an_rma(session: Session) -> None:
    picking, _shipment = shipped_order(session)
    order = session.get(orders.Order, picking.order_id)
    assert order is not None
    ticket_id = _ticket_about(session, order.id)

    outcome = _act(session, ticket_id, kind="start_return", order_id=order.id,
                   reason="damaged", lines=[{"order_line_id": order.lines[0].id,
                                             "quantity": 2}])  # fmt: skip
    session.commit()

    rma = returns.get_return(session, outcome.return_id or 0)
    assert (rma.number, rma.status.value) == (f"RMA-{order.number}-1", "requested")
    assert [(ln.order_line_id, ln.quantity) for ln in rma.lines] == [(order.lines[0].id, 2)]
    assert outcome.return_number == rma.number
    assert rma.number in (outcome.draft_reply or "")


def test_upgrading_shipping_moves_the_promised_date_earlier(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=TUESDAY, service_level="economy")
    ticket_id = _ticket_about(session, order.id)
    before = order.promised_delivery_date
    assert before is not None

    outcome = _act(session, ticket_id, kind="upgrade_shipping", order_id=order.id,
                   service_level="express", charge_minor=500, reason="gift")  # fmt: skip
    session.commit()

    read = orders.read_order(session, order.id)
    assert read.service_level == "express"
    assert read.promised_delivery_date is not None
    assert read.promised_delivery_date < before
    assert outcome.promised_delivery_date == read.promised_delivery_date
    assert "upgraded the shipping" in outcome.note
    assert "(charged €5.00)" in outcome.note


def test_changing_the_address_before_shipment(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=TUESDAY)
    ticket_id = _ticket_about(session, order.id)
    munich = berlin_address(line1="Marienplatz 8", city="München", region="BY",
                            postal_code="80331", latitude=48.137, longitude=11.575)  # fmt: skip

    outcome = _act(session, ticket_id, kind="change_address", order_id=order.id,
                   shipping_address=munich, reason="moved")  # fmt: skip
    session.commit()

    read = orders.read_order(session, order.id)
    assert (read.shipping_address.city, read.shipping_address.postal_code) == ("München", "80331")
    assert outcome.promised_delivery_date == date(2026, 11, 23)
    assert "to Marienplatz 8, 80331 München" in outcome.note  # the street too (#14.14)
    assert outcome.draft_reply is not None
    assert "Marienplatz 8, 80331 München" in outcome.draft_reply


def test_an_address_with_a_postal_code_of_another_country_is_refused(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=TUESDAY)
    ticket_id = _ticket_about(session, order.id)
    cork = berlin_address(line1="5 Main Street", city="Cork", region="", country="IE",
                          postal_code="80331")  # fmt: skip
    with pytest.raises(InvalidInput, match="80331 is not a postal code in IE"):
        _act(session, ticket_id, kind="change_address", order_id=order.id,
             shipping_address=cork, reason="moved")  # fmt: skip
    written = berlin_address(line1="5 Main Street", city="Cork", region="", country="IE",
                             postal_code="t12ab34")  # fmt: skip
    _act(session, ticket_id, kind="change_address", order_id=order.id,
         shipping_address=written, reason="moved")  # fmt: skip
    assert orders.read_order(session, order.id).shipping_address.postal_code == "T12 AB34"


def test_changing_the_address_after_shipping_is_refused_naming_the_status(
    session: Session,
) -> None:
    picking, _shipment = shipped_order(session)
    ticket_id = _ticket_about(session, picking.order_id)
    session.commit()

    with pytest.raises(IllegalTransition) as refused:
        _act(session, ticket_id, kind="change_address", order_id=picking.order_id,
             shipping_address=berlin_address(city="Potsdam"))  # fmt: skip
    session.commit()

    assert refused.value.details["status"] == "shipped"
    assert "it is shipped" in refused.value.message
    assert _notes(session, ticket_id) == []


def test_a_discount_code_is_a_real_single_use_record_sent_to_the_customer(
    session: Session,
) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=TUESDAY)
    ticket_id = _ticket_about(session, order.id)

    outcome = _act(session, ticket_id, kind="issue_discount", order_id=order.id,
                   discount_kind="amount", value=1000, valid_days=30,
                   reason="late parcel", reason_code="late_delivery")  # fmt: skip
    session.commit()

    code = promotions.get_code(session, outcome.discount_code or "")
    assert (code.kind.value, code.value, code.currency, code.max_redemptions) == (
        "amount",
        1000,
        "EUR",
        1,
    )
    assert (code.customer_id, code.ticket_id, code.order_reference) == (
        order.customer_id,
        ticket_id,
        order.number,
    )
    assert code.expires_at == TUESDAY + timedelta(days=30)
    message = session.get(notifications.Message, outcome.customer_message_id)
    assert message is not None
    assert message.message_type == "discount_code"
    assert code.code in message.body_text
    assert "10,00" in message.body_text
    assert _events(session, "DiscountCodeIssued")[0]["ticket_id"] == ticket_id
    assert f"Discount code {code.code} issued" in _timeline(session, order.id)[-1]


def test_a_refund_is_recorded_on_the_order(session: Session) -> None:
    picking, _shipment = shipped_order(session)
    order = session.get(orders.Order, picking.order_id)
    assert order is not None
    ticket_id = _ticket_about(session, order.id)

    outcome = _act(session, ticket_id, kind="record_refund", order_id=order.id,
                   amount_minor=990, reason="goodwill")  # fmt: skip
    session.commit()

    (refund,) = returns.refunds_for_order(session, order.id)
    assert (refund.id, refund.amount_minor, refund.currency) == (outcome.refund_id, 990, "EUR")
    assert "recorded a refund of €9.90" in outcome.note


def test_an_unlinked_order_of_the_same_customer_is_linked_by_the_action(
    session: Session,
) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=TUESDAY)
    ticket_id = _ticket_about(session)

    _act(session, ticket_id, kind="cancel_order", order_id=order.id, reason="duplicate")
    session.commit()

    linked = support.read_ticket(session, ticket_id).orders
    assert [o.id for o in linked] == [order.id]


def test_a_strangers_order_is_not_touched(session: Session) -> None:
    make_shop(session)
    stranger = place(session, {MUG: 1}, now=TUESDAY, customer={
        "email": "someone.else@example.com", "first_name": "Zoe", "last_name": "Roe"})  # fmt: skip
    ticket_id = _ticket_about(session)
    session.commit()

    with pytest.raises(Conflict) as refused:
        _act(session, ticket_id, kind="cancel_order", order_id=stranger.id, reason="oops")
    session.commit()

    assert refused.value.code == "order_not_linked"
    assert orders.read_order(session, stranger.id).status == orders.OrderStatus.ALLOCATED
    assert inventory.reservations_for_order(session, stranger.id)
    assert support.read_ticket(session, ticket_id).orders == []


def test_bad_input_is_refused_before_anything_is_written(session: Session) -> None:
    picking, _shipment = shipped_order(session)
    ticket_id = _ticket_about(session, picking.order_id)
    session.commit()

    with pytest.raises(InvalidInput):
        _act(session, ticket_id, kind="start_return", order_id=picking.order_id,
             reason="damaged", lines=[{"order_line_id": 999_999, "quantity": 1}])  # fmt: skip
    session.commit()

    assert _notes(session, ticket_id) == []
    assert returns.returns_for_order(session, picking.order_id) == []


def test_a_refusal_after_linking_rolls_the_link_back_too(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=TUESDAY)  # allocated: nothing to return yet
    ticket_id = _ticket_about(session)
    session.commit()

    with pytest.raises(IllegalTransition) as refused:
        _act(session, ticket_id, kind="start_return", order_id=order.id, reason="damaged",
             lines=[{"order_line_id": order.lines[0].id, "quantity": 1}])  # fmt: skip
    session.commit()

    assert refused.value.details["status"] == "allocated"
    assert "nothing has shipped yet" in refused.value.message
    assert support.read_ticket(session, ticket_id).orders == []
    assert _notes(session, ticket_id) == []
