"""The fulfilment screen over HTTP: create a batch pick list for a warehouse, read it in
bin order with its totes, print it, set a bin, and see error rates per packer."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import fulfilment
from opsdesk.kernel.http import Role
from tests.factories.fulfilment import ACTOR, PACKER, TUESDAY, FixedClock, pack
from tests.factories.orders import MUG, TEE, Shop, make_shop, place
from tests.support import web


@pytest.fixture
def shop(session_factory: sessionmaker[Session]) -> Shop:
    with session_factory() as session, session.begin():
        shop = make_shop(session)
        place(session, {MUG: 1, TEE: 1}, now=TUESDAY)
        place(session, {MUG: 2}, now=TUESDAY)
        return shop


def test_operations_create_a_pick_list_walk_it_by_bin_and_print_it(
    client: TestClient, session_factory: sessionmaker[Session], shop: Shop
) -> None:
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/fulfilment")
    assert 'data-testid="no-pick-lists"' in client.get("/workspace/fulfilment").text
    created = client.post("/workspace/fulfilment/pick-lists",
                          data={"warehouse_id": str(shop.berlin), "csrf": csrf})  # fmt: skip
    assert created.status_code == 200  # followed to the list
    match = re.search(r"/workspace/fulfilment/pick-lists/(\d+)/pick-list.pdf", created.text)
    assert match, created.text
    pick_list_id = int(match.group(1))
    assert f"Pick list PL-{pick_list_id}: 2 orders." in created.text
    assert created.text.index("pick-row-MUG-BLUE") < created.text.index("pick-row-TEE-RED")

    moved = client.post(f"/workspace/fulfilment/pick-lists/{pick_list_id}/bins",
                        data={"sku": MUG, "bin": "z-9", "csrf": csrf})  # fmt: skip
    assert "MUG-BLUE is now in bin Z-9" in moved.text
    client.post(f"/workspace/fulfilment/pick-lists/{pick_list_id}/bins",
                data={"sku": TEE, "bin": "A-1", "csrf": csrf})  # fmt: skip
    page = client.get(f"/workspace/fulfilment/pick-lists/{pick_list_id}").text
    assert page.index("pick-row-TEE-RED") < page.index("pick-row-MUG-BLUE")
    assert re.findall(r'data-testid="tote-(TOTE-[\d-]+)"', page) == [
        f"TOTE-{pick_list_id}-01",
        f"TOTE-{pick_list_id}-02",
    ]
    bad = client.post(f"/workspace/fulfilment/pick-lists/{pick_list_id}/bins",
                      data={"sku": MUG, "bin": "<b>", "csrf": csrf})  # fmt: skip
    assert "No bin was set: a bin is 1 to 32 letters" in bad.text

    document = client.get(f"/workspace/fulfilment/pick-lists/{pick_list_id}/pick-list.pdf")
    assert document.headers["content-type"] == "application/pdf"
    assert document.content.startswith(b"%PDF-")
    assert f"Pick list PL-{pick_list_id}".encode() in document.content  # its title

    listing = client.get("/workspace/fulfilment?state=open").text
    assert f'data-testid="pick-list-{pick_list_id}"' in listing
    again = client.post("/workspace/fulfilment/pick-lists",
                        data={"warehouse_id": str(shop.berlin), "csrf": csrf})  # fmt: skip
    assert "No pick list was created" in again.text  # everything is on the first list


def test_error_rates_per_packer_and_the_agents_read_only_view(
    client: TestClient, session_factory: sessionmaker[Session], shop: Shop
) -> None:
    client.app.state.clock = FixedClock(TUESDAY)  # type: ignore[attr-defined]
    with session_factory() as session, session.begin():
        pick_list = fulfilment.create_pick_list(session, warehouse_id=shop.berlin, actor=ACTOR,
                                                now=TUESDAY)  # fmt: skip
        first, second = fulfilment.get_pick_list(session, pick_list.id)[1]
        fulfilment.scan(session, first.id, code=MUG, quantity=1, packer=PACKER, actor=ACTOR,
                        now=TUESDAY)  # fmt: skip
        fulfilment.scan(session, first.id, code="CAP-GREY", quantity=1, packer=PACKER,
                        actor=ACTOR, now=TUESDAY)  # fmt: skip
        pack(session, second.id, quantity=2)
    web.log_in(client, session_factory, Role.AGENT)
    page = client.get("/workspace/fulfilment?report=packer").text
    row = re.search(r'data-testid="rate-Jonas">(.*?)</tr>', page, re.S)
    assert row, page
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))
    assert cells == ["1", "1", "100.00"]  # one parcel packed, one wrong item
    assert 'data-testid="create-pick-list"' not in page  # agents read, operations act
    assert client.get("/workspace/fulfilment?state=bogus").status_code == 422
