"""The packing station when the carrier is down: buying the label fails, the packer is
told plainly that nothing was saved and to press Ship again, nothing is half-written
(no shipment, the parcel still waits in its box), and the retry ships it once the
carrier answers again."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import fulfilment, shipping
from opsdesk.kernel.http import Role
from tests.factories.fulfilment import Picking, picking_order
from tests.factories.orders import MUG
from tests.support import web


class DownCarrier:
    """A carrier whose label service is failing on its side (a timeout, a 5xx)."""

    def __init__(self, name: str) -> None:
        self._name = name
        self.calls = 0

    @property
    def name(self) -> str:
        return self._name

    def rates(self, request: shipping.LabelRequest) -> tuple[Any, ...]:
        raise shipping.CarrierUnavailable("timed out after 10 s")

    def create_label(self, request: shipping.LabelRequest) -> shipping.Label:
        self.calls += 1
        raise shipping.CarrierUnavailable("timed out after 10 s")

    def find_label(self, reference: str) -> shipping.Label | None:
        return None  # the outage sold nothing

    def void_label(self, label: shipping.Label) -> str:
        raise shipping.CarrierUnavailable("timed out after 10 s")


@pytest.fixture
def picking(session_factory: sessionmaker[Session]) -> Picking:
    with session_factory() as session, session.begin():
        return picking_order(session, mugs=1)


def post_scan(client: TestClient, csrf: str, code: str, parcel: int | None) -> Any:
    data = {"code": code, "csrf": csrf, "fulfilment": str(parcel) if parcel else ""}
    return client.post("/workspace/packing/scan", data=data).json()


def test_a_failed_label_purchase_keeps_nothing_and_the_retry_ships(
    client: TestClient, session_factory: sessionmaker[Session], picking: Picking
) -> None:
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/packing")
    post_scan(client, csrf, fulfilment.tote_code(picking.pick_list_id, 1), None)
    post_scan(client, csrf, MUG, picking.fulfilment_id)
    assert post_scan(client, csrf, "1", picking.fulfilment_id)["stage"] == "ship"
    state: Any = client.app.state  # type: ignore[attr-defined]
    working = dict(state.carriers)
    down = {name: DownCarrier(name) for name in working}
    state.carriers = down

    failed = client.post(f"/workspace/packing/{picking.fulfilment_id}/ship", data={"csrf": csrf})
    assert failed.status_code == 503
    body = failed.json()
    assert body["outcome"] == "carrier_down"
    assert "is not answering" in body["message"]
    assert "Nothing was saved and no label was bought" in body["message"]
    assert "press Ship (Enter) again in 30 seconds" in body["message"]
    assert body["stage"] == "ship"  # the parcel waits in its box, ready for the retry
    assert 'data-testid="ship"' in body["html"]
    assert sum(c.calls for c in down.values()) == 1
    with session_factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(shipping.Shipment)) == 0
        part = fulfilment.get_fulfilment(session, picking.fulfilment_id)
        assert part.box_code == "BOX-S"

    state.carriers = working
    shipped = client.post(f"/workspace/packing/{picking.fulfilment_id}/ship", data={"csrf": csrf})
    assert (shipped.status_code, shipped.json()["outcome"]) == (200, "shipped")
    with session_factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(shipping.Shipment)) == 1
        purchase = session.scalars(sa.select(shipping.LabelPurchase)).one()
        assert (purchase.status, purchase.attempts) == (shipping.PurchaseStatus.ATTACHED, 2)
