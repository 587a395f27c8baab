"""The operations order list against a real database: each filter finds exactly the orders
it promises, search finds by number, e-mail and name, keyset pages walk every order once,
and the bulk actions release or cancel each ticked order on its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import fulfilment, orders, proactive, support
from opsdesk.web.ui.ops import orders_bulk
from opsdesk.web.ui.ops.orders import list_page
from opsdesk.web.ui.ops.orders_filters import ListQuery, extra_conditions, read_query
from tests.factories.orders import MUG, place
from tests.factories.workspace import late_order_ticket

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
JONAS = {
    "email": "jonas.weber@example.com",
    "first_name": "Jonas",
    "last_name": "Weber",
    "locale": "de-DE",
    "timezone": "Europe/Berlin",
}


@dataclass(frozen=True)
class OrderDesk:
    """Ana's late parcel (with her ticket about it) and her backordered tees; two paid
    orders waiting in Berlin, one unpaid, one to France, and Jonas's order."""

    late: str
    backordered: str
    ticket_id: int
    paid: tuple[str, str]
    unpaid: str
    french: str
    jonas: str


def _set(session: Session, number: str, **values: object) -> None:
    session.execute(sa.update(orders.Order).where(orders.Order.number == number).values(**values))


def order_desk(session: Session) -> OrderDesk:
    case = late_order_ticket(session)
    paid = (place(session, {MUG: 1}).number, place(session, {MUG: 1}).number)
    unpaid = place(session, {MUG: 1}).number
    _set(session, unpaid, status=orders.OrderStatus.PLACED)
    french = place(session, {MUG: 1}).number
    _set(session, french, ship_country="FR")
    jonas = place(session, {MUG: 1}, customer=JONAS).number
    session.flush()
    return OrderDesk(
        late=case.late.number, backordered=case.backordered_number, ticket_id=case.ticket_id,
        paid=paid, unpaid=unpaid, french=french, jonas=jonas,
    )  # fmt: skip


def numbers(session: Session, **params: str) -> list[str]:
    page = list_page(session, read_query(params), TODAY)
    return [r["number"] for r in page.rows]


def test_the_list_shows_every_order_newest_first(session: Session) -> None:
    desk = order_desk(session)
    found = numbers(session)
    assert set(found) == {desk.late, desk.backordered, *desk.paid, desk.unpaid, desk.french,
                          desk.jonas}  # fmt: skip
    assert found[-1] == desk.late  # placed days before the others


def test_each_filter_finds_exactly_its_orders(session: Session) -> None:
    desk = order_desk(session)
    assert numbers(session, status="placed") == [desk.unpaid]
    assert numbers(session, status="shipped") == [desk.late]
    assert numbers(session, country="fr") == [desk.french]
    assert numbers(session, backordered="1") == [desk.backordered]
    assert numbers(session, late="1") == [desk.late]
    assert numbers(session, ticket="1") == [desk.late]
    hamburg = session.scalar(sa.text("select id from warehouses where code = 'HAM'"))
    berlin = session.scalar(sa.text("select id from warehouses where code = 'BER'"))
    assert numbers(session, warehouse=str(hamburg)) == []  # its tees only wait for a PO there
    assert len(numbers(session, warehouse=str(berlin))) == 7
    assert numbers(session, status="allocated", country="FR") == [desk.french]


def test_a_solved_ticket_no_longer_counts_as_open(session: Session) -> None:
    desk = order_desk(session)
    session.execute(
        sa.update(support.Ticket).where(support.Ticket.id == desk.ticket_id).values(status="solved")
    )
    assert numbers(session, ticket="1") == []


def test_at_risk_means_a_flagged_parcel_of_an_open_order(session: Session) -> None:
    desk = order_desk(session)
    assert numbers(session, at_risk="1") == []
    late_id = session.scalar(sa.select(orders.Order.id).where(orders.Order.number == desk.late))
    shipment_id = session.scalar(sa.text(f"select id from shipments where order_id = {late_id}"))
    session.add(proactive.ShipmentRiskRecord(
        shipment_id=shipment_id, order_id=late_id, probability=0.81, at_risk=True,
        reasons=["hub backlog"], scored_at=NOW, at_risk_since=NOW,
    ))  # fmt: skip
    session.flush()
    assert numbers(session, at_risk="1") == [desk.late]
    _set(session, desk.late, status=orders.OrderStatus.DELIVERED)
    assert numbers(session, at_risk="1") == []


def test_search_finds_by_number_email_and_name(session: Session) -> None:
    desk = order_desk(session)
    assert numbers(session, q=desk.french) == [desk.french]
    assert numbers(session, q=desk.french[3:9].lower()) == [desk.french]  # without "OD-"
    assert numbers(session, q="Jonas.Weber@example.com") == [desk.jonas]
    assert numbers(session, q="jonas") == [desk.jonas]
    assert numbers(session, q="weber") == [desk.jonas]
    assert numbers(session, q="jonas weber") == [desk.jonas]
    assert numbers(session, q="Nobody") == []


def test_keyset_pages_walk_every_order_once(session: Session) -> None:
    order_desk(session)
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        page = list_page(
            session, ListQuery(base=orders.OrderListFilter(), cursor=cursor), TODAY, size=2
        )
        seen += [r["number"] for r in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 7
    assert seen == numbers(session)


def _status(session: Session, number: str) -> orders.OrderStatus:
    found = session.scalar(sa.select(orders.Order.status).where(orders.Order.number == number))
    assert found is not None
    return found


def _ids(session: Session, *numbers_: str) -> list[int]:
    return list(
        session.scalars(sa.select(orders.Order.id).where(orders.Order.number.in_(numbers_)))
    )


def test_release_puts_only_the_ticked_paid_orders_on_a_pick_list(session: Session) -> None:
    desk = order_desk(session)
    ticked = _ids(session, *desk.paid, desk.unpaid)
    outcome = orders_bulk.release(session, ticked, "operations:test", NOW)
    assert sorted(outcome.done) == sorted(desk.paid)
    assert outcome.skipped == [f"{desk.unpaid} not paid"]
    assert outcome.summary("released to picking").startswith("2 released to picking, 1 skipped")
    assert {_status(session, n) for n in desk.paid} == {orders.OrderStatus.PICKING}
    assert _status(session, desk.french) is orders.OrderStatus.ALLOCATED  # not ticked
    picked = set(session.scalars(sa.select(fulfilment.Fulfilment.order_id)))
    assert picked - {_ids(session, desk.late)[0]} == set(_ids(session, *desk.paid))


def test_release_skips_backordered_and_already_picking_orders(session: Session) -> None:
    desk = order_desk(session)
    outcome = orders_bulk.release(session, _ids(session, desk.backordered, desk.late),
                                  "operations:test", NOW)  # fmt: skip
    assert outcome.done == []
    assert sorted(outcome.skipped) == sorted(
        [f"{desk.backordered} waits for stock", f"{desk.late} already shipped"]
    )


def test_cancel_unpaid_cancels_only_unpaid_orders(session: Session) -> None:
    desk = order_desk(session)
    outcome = orders_bulk.cancel_unpaid(session, _ids(session, desk.unpaid, desk.paid[0]),
                                        "operations:test", NOW)  # fmt: skip
    assert outcome.done == [desk.unpaid]
    assert outcome.skipped == [f"{desk.paid[0]} is allocated, not unpaid"]
    assert _status(session, desk.unpaid) is orders.OrderStatus.CANCELLED
    assert _status(session, desk.paid[0]) is orders.OrderStatus.ALLOCATED


def test_every_filter_reads_its_tables_through_an_index(session: Session) -> None:
    """SQLite's plan for the list with every filter on: no related table is scanned whole
    (PostgreSQL chooses by table sizes, so an empty test database proves nothing there)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    query = read_query({"status": "shipped", "country": "DE", "warehouse": "1", "late": "1",
                        "at_risk": "1", "backordered": "1", "ticket": "1"})  # fmt: skip
    stmt = list_select_for(query)
    compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    plan = [row[-1] for row in session.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}"))]
    scans = [step for step in plan if step.startswith("SCAN") and "USING" not in step]
    assert scans == [], plan
    assert plan[0].startswith("SEARCH orders USING INDEX ix_orders_"), plan


def list_select_for(query: ListQuery) -> sa.Select[Any]:
    stmt = orders.list_select(query.base, extra_conditions(query, TODAY))
    return stmt.order_by(orders.Order.placed_at.desc(), orders.Order.id.desc()).limit(51)


def test_a_cursor_that_is_not_ours_starts_again_from_the_first_page(session: Session) -> None:
    from opsdesk.web.ui.ops.listing import encode_cursor

    order_desk(session)
    first = numbers(session)
    for forged in (encode_cursor(["yesterday", 5]), encode_cursor(["2026-12-01T10:00:00", 5]),
                   "%%%not-base64"):  # fmt: skip
        page = list_page(session, ListQuery(base=orders.OrderListFilter(), cursor=forged), TODAY)
        assert [r["number"] for r in page.rows] == first
        assert page.is_first
