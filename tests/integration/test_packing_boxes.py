"""Each warehouse's own boxes: offered when they fit, picked by key, weighed with the parcel."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import fulfilment, shipping
from opsdesk.kernel.errors import InvalidInput
from tests.factories.fulfilment import (
    ACTOR,
    TUESDAY,
    FixedClock,
    Picking,
    berlin_boxes,
    pack,
    picking_order,
)


@pytest.fixture
def packed(session_factory: sessionmaker[Session]) -> Picking:
    with session_factory() as session, session.begin():
        picking = picking_order(session)
        berlin_boxes(session, picking.shop.berlin)
        pack(session, picking.fulfilment_id)
    return picking


def test_the_warehouses_own_boxes_that_fit_are_offered_smallest_first(
    session_factory: sessionmaker[Session], packed: Picking
) -> None:
    with session_factory() as session:
        offer = fulfilment.box_offer(
            session, fulfilment.get_fulfilment(session, packed.fulfilment_id)
        )
        hamburg = fulfilment.boxes_for(session, packed.shop.hamburg)

    assert [b.code for b in offer.boxes] == ["DUO", "CRATE"]
    assert offer.all_fit
    assert hamburg == fulfilment.STANDARD_BOXES  # a warehouse nobody configured


def test_the_carrier_weighs_the_items_and_the_chosen_box(
    session_factory: sessionmaker[Session], packed: Picking
) -> None:
    with session_factory() as session, session.begin():
        fulfilment.choose_box(session, packed.fulfilment_id, "CRATE")
        shipment = fulfilment.ship_in_box(
            session, packed.fulfilment_id, carrier=shipping.SimulatedCarrier(clock=FixedClock()),
            actor=ACTOR, now=TUESDAY,
        )  # fmt: skip
        assert shipment.packages == [
            {"weight_g": 2 * 350 + 900, "length_mm": 500, "width_mm": 400, "height_mm": 300}
        ]


def test_a_box_is_changed_by_its_code_and_nonsense_is_refused(
    session_factory: sessionmaker[Session], packed: Picking
) -> None:
    berlin = packed.shop.berlin
    with session_factory() as session, session.begin():
        fulfilment.save_box(session, berlin, fulfilment.Box("DUO", "Duo (new)", 270, 140, 110,
                                                             3_000, 160))  # fmt: skip
        with pytest.raises(InvalidInput, match="weight limit above its own weight"):
            fulfilment.save_box(session, berlin, fulfilment.Box("BAD", "Bad", 10, 10, 10, 50, 60))
        fulfilment.remove_box(session, berlin, "POUCH")
        boxes = fulfilment.boxes_for(session, berlin)
    assert [(b.code, b.name, b.tare_g) for b in boxes] == [
        ("CRATE", "Crate", 900), ("DUO", "Duo (new)", 160),
    ]  # fmt: skip
    with session_factory() as session, pytest.raises(InvalidInput, match="there is no box"):
        fulfilment.choose_box(session, packed.fulfilment_id, "BOX-M")  # not Berlin's any more
