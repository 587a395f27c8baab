"""The packing station over HTTP: a tote opens its parcel, each scan answers with what
happened (and the panel), refusals are 4xx with their own outcome, and shipping in the
chosen box creates the shipment and offers the packing slip."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import fulfilment, shipping
from opsdesk.kernel.http import Role
from tests.factories.fulfilment import Picking, picking_order
from tests.factories.orders import MUG, TEE
from tests.support import web


@pytest.fixture
def picking(session_factory: sessionmaker[Session]) -> Picking:
    with session_factory() as session, session.begin():
        return picking_order(session, mugs=2)


def scan(client: TestClient, csrf: str, code: str, parcel: int | None) -> Any:
    data = {"code": code, "csrf": csrf, "fulfilment": str(parcel) if parcel else ""}
    return client.post("/workspace/packing/scan", data=data)


def errors(factory: sessionmaker[Session]) -> list[tuple[str, str]]:
    with factory() as session:
        rows = session.execute(
            sa.select(fulfilment.FulfilmentError.kind, fulfilment.FulfilmentError.sku)
        ).all()
        return [(kind.value, sku) for kind, sku in rows]


def test_a_packer_scans_tote_items_refusals_box_and_ships(
    client: TestClient, session_factory: sessionmaker[Session], picking: Picking
) -> None:
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/packing")
    tote = fulfilment.tote_code(picking.pick_list_id, 1)
    opened = scan(client, csrf, tote, None)
    assert opened.status_code == 200, opened.text
    assert opened.json()["outcome"] == "opened"
    assert opened.json()["fulfilment"] == picking.fulfilment_id
    assert opened.json()["url"] == f"/workspace/packing/{picking.fulfilment_id}"
    assert 'data-testid="line-progress-MUG-BLUE">0 / 2' in opened.json()["html"]

    wrong = scan(client, csrf, TEE, picking.fulfilment_id)
    assert (wrong.status_code, wrong.json()["outcome"]) == (409, "wrong_item")
    assert "TEE-RED is not in this parcel" in wrong.json()["message"]
    unknown = scan(client, csrf, "NO-SUCH-THING", picking.fulfilment_id)
    assert (unknown.status_code, unknown.json()["outcome"]) == (422, "unknown")
    assert errors(session_factory) == [("wrong_item", TEE)]  # a misread is no packing error

    first = scan(client, csrf, MUG, picking.fulfilment_id)
    assert (first.status_code, first.json()["outcome"]) == (200, "accepted")
    assert 'data-testid="line-progress-MUG-BLUE">1 / 2' in first.json()["html"]
    second = scan(client, csrf, MUG, picking.fulfilment_id)
    assert second.json()["outcome"] == "packed"
    assert second.json()["stage"] == "box"
    extra = scan(client, csrf, MUG, picking.fulfilment_id)
    assert (extra.status_code, extra.json()["outcome"]) == (409, "over_scan")

    boxed = scan(client, csrf, "1", picking.fulfilment_id)
    assert boxed.json()["outcome"] == "box"
    assert boxed.json()["stage"] == "ship"
    shipped = client.post(f"/workspace/packing/{picking.fulfilment_id}/ship", data={"csrf": csrf})
    assert shipped.status_code == 200, shipped.text
    assert shipped.json()["outcome"] == "shipped"
    with session_factory() as session:
        shipment = session.scalars(sa.select(shipping.Shipment)).one()
        part = fulfilment.get_fulfilment(session, picking.fulfilment_id)
        assert shipment.fulfilment_id == picking.fulfilment_id
        # 100 mm tall mugs do not go in the 50 mm mailer: key 1 is the smallest box that fits
        assert part.box_code == "BOX-S"
        assert shipment.packages[0]["weight_g"] == 2 * 350 + 120  # the mugs and the box
    assert f"/workspace/shipments/{shipment.id}/label.pdf" in shipped.json()["html"]

    slip = client.get(f"/workspace/packing/{picking.fulfilment_id}/slip.pdf")
    assert slip.headers["content-type"] == "application/pdf"
    assert slip.content.startswith(b"%PDF-")


def test_shipping_before_a_box_is_chosen_is_refused_and_changes_nothing(
    client: TestClient, session_factory: sessionmaker[Session], picking: Picking
) -> None:
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/packing")
    for _ in range(2):
        scan(client, csrf, MUG, picking.fulfilment_id)
    refused = client.post(f"/workspace/packing/{picking.fulfilment_id}/ship", data={"csrf": csrf})
    assert refused.status_code == 422
    assert refused.json()["message"] == "Not shipped: choose a box before shipping"
    with session_factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(shipping.Shipment)) == 0


def test_a_reload_resumes_the_parcel_where_the_packer_was(
    client: TestClient, session_factory: sessionmaker[Session], picking: Picking
) -> None:
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/packing")
    scan(client, csrf, MUG, picking.fulfilment_id)
    page = client.get(f"/workspace/packing/{picking.fulfilment_id}")
    assert 'data-testid="line-progress-MUG-BLUE">1 / 2' in page.text
    assert f'name="fulfilment" id="scan-fulfilment" value="{picking.fulfilment_id}"' in page.text


def test_agents_cannot_pack_and_a_scan_needs_the_csrf_token(
    client: TestClient, session_factory: sessionmaker[Session], picking: Picking
) -> None:
    web.log_in(client, session_factory, Role.AGENT)
    assert client.get("/workspace/packing").status_code == 403
    refused = client.post("/workspace/packing/scan", data={"code": MUG, "csrf": "forged"})
    assert refused.status_code == 403
    assert errors(session_factory) == []


def test_a_product_scanned_with_no_parcel_open_asks_for_the_parcel_first(
    client: TestClient, session_factory: sessionmaker[Session], picking: Picking
) -> None:
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/packing")
    answer = scan(client, csrf, MUG, None)
    assert (answer.status_code, answer.json()["outcome"]) == (409, "no_parcel")
    too_long = scan(client, csrf, "X" * 65, None)
    assert (too_long.status_code, too_long.json()["outcome"]) == (422, "unknown")
    assert "1 to 64 characters" in too_long.json()["message"]
