"""A label is paid once and never lost: bought in its own transactions before the shipment,
reused by a retry, and voided by the reconciliation when no shipment ever used it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import fulfilment, orders, shipping
from opsdesk.kernel.errors import Conflict, IllegalTransition
from tests.factories.fulfilment import (
    ACTOR,
    TUESDAY,
    FixedClock,
    Picking,
    pack,
    picking_order,
)

LATER = TUESDAY + timedelta(minutes=11)


class CountingCarrier(shipping.SimulatedCarrier):
    """The simulated carrier, counting the labels it was paid for."""

    def __init__(self) -> None:
        super().__init__(seed=1, clock=FixedClock())
        self.calls = 0

    def create_label(self, request: shipping.LabelRequest) -> shipping.Label:
        self.calls += 1
        return super().create_label(request)


@pytest.fixture
def packed(session_factory: sessionmaker[Session]) -> Picking:
    with session_factory() as session, session.begin():
        picking = picking_order(session)
        pack(session, picking.fulfilment_id)
    return picking


def buy(
    factory: sessionmaker[Session], picking: Picking, carrier: CountingCarrier
) -> fulfilment.PaidLabel:
    return fulfilment.buy_parcel_label(factory, picking.fulfilment_id, carrier=carrier, now=TUESDAY)


def ship(
    session: Session, picking: Picking, carrier: CountingCarrier, paid: fulfilment.PaidLabel
) -> shipping.Shipment:
    return fulfilment.ship_fulfilment(
        session, picking.fulfilment_id, carrier=carrier, service_level=paid.service_level,
        packages=paid.packages, actor=ACTOR, now=TUESDAY, label=paid.label,
        purchase_reference=paid.reference,
    )  # fmt: skip


def purchase_of(factory: sessionmaker[Session]) -> shipping.LabelPurchase:
    with factory() as session:
        return session.scalars(sa.select(shipping.LabelPurchase)).one()


def shipments(factory: sessionmaker[Session]) -> list[tuple[int, str | None]]:
    with factory() as session:
        rows = session.execute(
            sa.select(shipping.Shipment.order_id, shipping.Shipment.tracking_number)
        )
        return [(r.order_id, r.tracking_number) for r in rows]


def test_a_failed_shipment_insert_keeps_the_bought_label_and_the_retry_reuses_it(
    session_factory: sessionmaker[Session], packed: Picking
) -> None:
    carrier = CountingCarrier()
    paid = buy(session_factory, packed, carrier)
    bought = purchase_of(session_factory)
    assert (bought.status, bought.tracking_number) == (
        shipping.PurchaseStatus.BOUGHT,
        paid.label.tracking_number,
    )
    assert bought.reference == paid.reference
    assert paid.reference.endswith(f"/P{packed.fulfilment_id}")
    # Another shipment holds the tracking number: the unique number stops the insert.
    with session_factory() as session, session.begin():
        session.add(shipping.Shipment(order_id=packed.order_id, carrier="simulated",
                                      tracking_number=paid.label.tracking_number))  # fmt: skip
    with session_factory() as session, pytest.raises(Conflict, match="already in use"):
        ship(session, packed, carrier, paid)
    assert purchase_of(session_factory).status is shipping.PurchaseStatus.BOUGHT
    with session_factory() as session, session.begin():
        session.execute(sa.delete(shipping.Shipment))

    again = buy(session_factory, packed, carrier)
    with session_factory() as session, session.begin():
        shipment_id = ship(session, packed, carrier, again).id

    assert carrier.calls == 1
    assert again.label == paid.label
    attached = purchase_of(session_factory)
    assert (attached.status, attached.shipment_id) == (
        shipping.PurchaseStatus.ATTACHED,
        shipment_id,
    )
    assert shipments(session_factory) == [(packed.order_id, paid.label.tracking_number)]


def test_a_commit_that_never_happened_leaves_a_label_the_retry_ships_with(
    session_factory: sessionmaker[Session], packed: Picking
) -> None:
    carrier = CountingCarrier()
    with session_factory() as session:
        ship(session, packed, carrier, buy(session_factory, packed, carrier))
        session.rollback()  # the process died before the request committed
    assert shipments(session_factory) == []

    with session_factory() as session, session.begin():
        ship(session, packed, carrier, buy(session_factory, packed, carrier))
    with pytest.raises(IllegalTransition, match="only a packed parcel ships"):
        buy(session_factory, packed, carrier)  # shipped: a third submit buys nothing

    assert carrier.calls == 1
    assert len(shipments(session_factory)) == 1
    assert purchase_of(session_factory).status is shipping.PurchaseStatus.ATTACHED


def test_a_second_request_while_the_first_is_buying_waits_instead_of_paying(
    session_factory: sessionmaker[Session], packed: Picking
) -> None:
    carrier = CountingCarrier()
    with session_factory() as session, session.begin():
        number = session.scalar(
            sa.select(orders.Order.number).where(orders.Order.id == packed.order_id)
        )
        session.add(shipping.LabelPurchase(
            reference=fulfilment.parcel_reference(number or "", packed.fulfilment_id),
            order_id=packed.order_id, carrier="simulated", created_at=TUESDAY, updated_at=TUESDAY,
        ))  # fmt: skip

    with pytest.raises(Conflict, match="being bought right now"):
        fulfilment.buy_parcel_label(session_factory, packed.fulfilment_id, carrier=carrier,
                                    now=TUESDAY + timedelta(seconds=5))  # fmt: skip
    assert carrier.calls == 0
    # Minutes later the first buyer is presumed dead: the carrier is asked, then paid once.
    fulfilment.buy_parcel_label(session_factory, packed.fulfilment_id, carrier=carrier, now=LATER)
    assert carrier.calls == 1
    assert purchase_of(session_factory).attempts == 2


def test_reconciliation_voids_an_orphaned_label_and_says_so_on_the_timeline(
    session_factory: sessionmaker[Session], packed: Picking
) -> None:
    carrier = CountingCarrier()
    paid = buy(session_factory, packed, carrier)
    carriers = {"simulated": carrier}
    with session_factory() as session, session.begin():
        early = shipping.reconcile_purchases(session, carriers, now=TUESDAY + timedelta(minutes=5))
    assert early == shipping.Settled()  # a purchase minutes old may still be shipping

    with session_factory() as session, session.begin():
        settled = shipping.reconcile_purchases(session, carriers, now=LATER)

    assert settled == shipping.Settled(voided=1)
    assert carrier.voided == {paid.label.tracking_number: "refunded"}
    voided = purchase_of(session_factory)
    assert (voided.status, voided.note) == (shipping.PurchaseStatus.VOIDED, "refund refunded")
    with session_factory() as session:
        entries = orders.timeline(session, packed.order_id)
        said = [e.summary for e in entries if e.kind == "shipment.label_voided"]
    assert said == [f"simulated label {paid.label.tracking_number} voided (refund refunded): "
                    "bought but never attached to a shipment"]  # fmt: skip
    with session_factory() as session, session.begin():
        assert shipping.reconcile_purchases(session, carriers, now=LATER) == shipping.Settled()


def test_reconciliation_attaches_a_label_whose_shipment_committed_after_all(
    session_factory: sessionmaker[Session], packed: Picking
) -> None:
    carrier = CountingCarrier()
    paid = buy(session_factory, packed, carrier)
    with session_factory() as session, session.begin():  # shipped without the bookkeeping
        shipment_id = fulfilment.ship_fulfilment(
            session, packed.fulfilment_id, carrier=carrier, packages=paid.packages,
            actor=ACTOR, now=TUESDAY, label=paid.label,
        ).id  # fmt: skip

    with session_factory() as session, session.begin():
        settled = shipping.reconcile_purchases(session, {"simulated": carrier}, now=LATER)

    assert settled == shipping.Settled(attached=1)
    assert carrier.voided == {}
    assert purchase_of(session_factory).shipment_id == shipment_id


def test_reconciliation_closes_a_pending_purchase_the_carrier_never_sold(
    session_factory: sessionmaker[Session], packed: Picking
) -> None:
    with session_factory() as session, session.begin():
        session.add(shipping.LabelPurchase(reference="SO-9/P9", order_id=packed.order_id,
                                           carrier="simulated", created_at=TUESDAY,
                                           updated_at=TUESDAY))  # fmt: skip
    carrier = CountingCarrier()

    with session_factory() as session, session.begin():
        settled = shipping.reconcile_purchases(session, {"simulated": carrier}, now=LATER)

    assert settled == shipping.Settled(abandoned=1)
    assert purchase_of(session_factory).status is shipping.PurchaseStatus.ABANDONED
    assert carrier.voided == {}
    assert carrier.calls == 0
