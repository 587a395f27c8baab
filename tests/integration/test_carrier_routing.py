"""Carrier choice per warehouse and service level, and what a bought label leaves behind."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy.orm import Session

from opsdesk import shipping
from opsdesk.config import Settings
from opsdesk.kernel.errors import InvalidInput
from opsdesk.shipping import ServiceLevel
from tests.factories.fulfilment import TUESDAY, picking_order
from tests.factories.inventory import make_warehouse

ROUTES = {"LEJ:express": "UPS", "LEJ": "DHL", "*": "DPD"}


def test_the_routes_table_picks_per_warehouse_and_level(session: Session) -> None:
    leipzig = make_warehouse(session, "LEJ")
    valencia = make_warehouse(session, "VLC")
    state = SimpleNamespace(carriers=shipping.default_carriers(),
                            settings=Settings(carrier_routes=ROUTES))  # fmt: skip

    def name(warehouse_id: int | None, level: ServiceLevel) -> str:
        chosen = shipping.carrier_for_app(session, state, warehouse_id=warehouse_id,
                                          service_level=level)  # fmt: skip
        return chosen.name

    assert name(leipzig, ServiceLevel.EXPRESS) == "UPS"
    assert name(leipzig, ServiceLevel.ECONOMY) == "DHL"
    assert name(valencia, ServiceLevel.EXPRESS) == "DPD"
    assert name(None, ServiceLevel.STANDARD) == "DPD"
    bare = SimpleNamespace(settings=Settings())
    assert shipping.carrier_for_app(session, bare, warehouse_id=leipzig,
                                    service_level=ServiceLevel.EXPRESS).name == "simulated"  # fmt: skip


def test_a_route_to_a_carrier_the_installation_lacks_is_a_clear_refusal(session: Session) -> None:
    with pytest.raises(InvalidInput, match="unknown carrier 'Hermes'"):
        shipping.carrier_for(session, shipping.default_carriers(), {"*": "Hermes"},
                             warehouse_id=None, service_level=ServiceLevel.STANDARD)  # fmt: skip


class DocumentCarrier(shipping.SimulatedCarrier):
    """A carrier that, like EasyPost, hands over its own document and shipment id."""

    def create_label(self, request: shipping.LabelRequest) -> shipping.Label:
        label = super().create_label(request)
        rate = shipping.Rate("USPS", "Priority", request.service_level, 758, "USD", 2, "rate_1")
        document = shipping.LabelDocument("image/png", url="https://files.example/label.png")
        return shipping.Label(
            label.carrier, label.tracking_number, label.tracking_url, label.service_level,
            label.lane, label.estimated_delivery_date, document, rate, "shp_123",
        )  # fmt: skip


def test_what_a_carrier_hands_over_is_kept_and_the_simulated_ones_keep_nothing(
    session: Session,
) -> None:
    first = picking_order(session, mugs=1)
    ours = shipping.create_shipment(
        session, order_id=first.order_id, carrier=DocumentCarrier(name="easypost"),
        service_level=ServiceLevel.STANDARD, packages=[shipping.Package(900)], actor="t",
        warehouse_id=first.shop.berlin, now=TUESDAY,
    )  # fmt: skip
    simulated = shipping.create_shipment(
        session, order_id=first.order_id, carrier=shipping.default_carriers()["GLS"],
        service_level=ServiceLevel.STANDARD, packages=[shipping.Package(900)], actor="t",
        now=TUESDAY,
    )  # fmt: skip

    kept = shipping.label_of(session, ours.id)
    assert kept is not None
    assert (kept.company, kept.service, kept.amount_minor, kept.currency) == (
        "USPS", "Priority", 758, "USD")  # fmt: skip
    assert (kept.label_url, kept.media_type, kept.carrier_reference) == (
        "https://files.example/label.png", "image/png", "shp_123")  # fmt: skip
    assert shipping.label_of(session, simulated.id) is None
    assert simulated.tracking_number is not None
    assert simulated.tracking_number.startswith("4")
