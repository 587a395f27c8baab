"""Orders synced back to Shopify: from a shipment (or a cancellation, a refund) through the
outbox to a fake shop on a loopback port, which checks each request's shape."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import fulfilment, orders, shipping
from opsdesk.config import Settings
from opsdesk.integrations.shopify import sync
from opsdesk.integrations.shopify.client import ShopConfig, ShopifyClient
from opsdesk.integrations.shopify.sync_handlers import jobs
from opsdesk.integrations.shopify.sync_models import ShopSync, SyncKind, SyncStatus
from opsdesk.kernel.db import utcnow
from tests.factories.fulfilment import ACTOR, TUESDAY, pack, timeline_summaries
from tests.factories.orders import MUG, TEE, make_shop, place
from tests.support.fake_http import Answer
from tests.support.fake_shopify import TOKEN, VERSION, FakeShop, refused, running
from tests.support.relay import relay_all

SHOP_ORDER = "450789469"


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    with running() as fake:
        fake.add_order(SHOP_ORDER, {MUG: 3})
        yield fake


@pytest.fixture
def shop_settings(settings: Settings, shop: FakeShop) -> Settings:
    return settings.model_copy(
        update={"shopify_shop_domain": shop.url, "shopify_access_token": TOKEN,
                "shopify_api_version": VERSION}
    )  # fmt: skip


def ship_two_mugs(factory: sessionmaker[Session], *, channel: str = "shopify") -> tuple[int, int]:
    """A shop order of three mugs; two leave Berlin with DPD (order id, shipment id)."""
    with factory() as session, session.begin():
        berlin = make_shop(session).berlin
        external = SHOP_ORDER if channel == "shopify" else None
        order = place(session, [{"sku": MUG, "quantity": 3}], now=TUESDAY, channel=channel,
                      external_id=external)  # fmt: skip
        pick_list = fulfilment.create_pick_list(
            session, warehouse_id=berlin, actor=ACTOR, now=TUESDAY
        )
        _, parts = fulfilment.get_pick_list(session, pick_list.id)
        pack(session, parts[0].id, quantity=3)
        fulfilment_line = parts[0].lines[0]
        fulfilment_line.quantity = 2  # this parcel carries two of the three
        dpd = shipping.default_carriers()["DPD"]
        shipment = fulfilment.ship_fulfilment(
            session, parts[0].id, carrier=dpd, service_level=shipping.ServiceLevel.STANDARD,
            actor=ACTOR, now=TUESDAY,
        )  # fmt: skip
        return order.id, shipment.id


def sync_row(factory: sessionmaker[Session], key: str) -> ShopSync:
    with factory() as session:
        row = session.scalar(sa.select(ShopSync).where(ShopSync.source_key == key))
        assert row is not None
        return row


def test_a_shipment_becomes_a_fulfillment_with_carrier_and_tracking(
    session_factory: sessionmaker[Session], shop_settings: Settings, shop: FakeShop
) -> None:
    order_id, shipment_id = ship_two_mugs(session_factory)

    relay_all(session_factory, shop_settings)

    post = shop.writes()[-1]
    assert post.path == f"/admin/api/{VERSION}/fulfillments.json"
    with session_factory() as session:
        shipment = shipping.get_shipment(session, shipment_id)
        number, url = shipment.tracking_number, shipment.tracking_url
        summaries = timeline_summaries(session, order_id)
    fo = shop.fulfillment_orders[SHOP_ORDER][0]
    assert post.body == {"fulfillment": {
        "line_items_by_fulfillment_order": [{
            "fulfillment_order_id": fo["id"],
            "fulfillment_order_line_items": [{"id": fo["line_items"][0]["id"], "quantity": 2}],
        }],
        "tracking_info": {"company": "DPD", "number": number, "url": url},
        "notify_customer": False,
    }}  # fmt: skip
    assert fo["line_items"][0]["fulfillable_quantity"] == 1  # one mug still to come
    row = sync_row(session_factory, f"shipment:{shipment_id}")
    assert (row.status, row.attempts, row.remote_id) == (
        SyncStatus.SENT,
        1,
        str(shop.fulfillments[0]["id"]),
    )
    assert f"Fulfilment sent to Shopify: DPD {number}" in summaries


def test_a_429_waits_as_long_as_shopify_asks_then_the_job_sends_it(
    session_factory: sessionmaker[Session], shop_settings: Settings, shop: FakeShop
) -> None:
    shop.queued += [Answer(200, {"order": shop.orders[SHOP_ORDER]}),
                    Answer(200, {"fulfillment_orders": shop.fulfillment_orders[SHOP_ORDER]}),
                    Answer(429, {"errors": "Exceeded 2 calls per second for api client."},
                           headers={"Retry-After": "120"})]  # fmt: skip
    _, shipment_id = ship_two_mugs(session_factory)
    before = utcnow()

    relay_all(session_factory, shop_settings)

    waiting = sync_row(session_factory, f"shipment:{shipment_id}")
    assert (waiting.status, waiting.attempts) == (SyncStatus.PENDING, 1)
    assert "429" in waiting.last_error
    assert "Exceeded 2 calls" in waiting.last_error
    assert waiting.next_attempt_at >= before + timedelta(seconds=120)
    assert shop.fulfillments == []
    (retry,) = jobs(shop_settings)
    with session_factory() as session, session.begin():
        retry.run(session, waiting.next_attempt_at - timedelta(seconds=1))  # not due yet
    assert shop.fulfillments == []

    with session_factory() as session, session.begin():
        retry.run(session, waiting.next_attempt_at)

    sent = sync_row(session_factory, f"shipment:{shipment_id}")
    assert (sent.status, sent.attempts, sent.last_error) == (SyncStatus.SENT, 2, "")
    assert [f["tracking_company"] for f in shop.fulfillments] == ["DPD"]


def test_a_refusal_is_parked_with_shopifys_reason_on_the_timeline_and_not_retried(
    session_factory: sessionmaker[Session], shop_settings: Settings, shop: FakeShop
) -> None:
    shop.queued += [Answer(200, {"order": shop.orders[SHOP_ORDER]}),
                    Answer(200, {"fulfillment_orders": shop.fulfillment_orders[SHOP_ORDER]}),
                    refused(422, {"fulfillment_order": ["is already closed"]})]  # fmt: skip
    order_id, shipment_id = ship_two_mugs(session_factory)

    relay_all(session_factory, shop_settings)
    (retry,) = jobs(shop_settings)
    with session_factory() as session, session.begin():
        retry.run(session, utcnow() + timedelta(days=1))

    row = sync_row(session_factory, f"shipment:{shipment_id}")
    assert row.status is SyncStatus.PARKED
    assert row.last_error == "Shopify answered 422: fulfillment_order: is already closed"
    with session_factory() as session:
        assert ("Shopify refused the fulfillment sync: Shopify answered 422: fulfillment_order: "
                "is already closed") in timeline_summaries(session, order_id)  # fmt: skip
    assert len(shop.writes()) == 1


def test_orders_from_elsewhere_and_stores_without_a_shop_send_nothing(
    session_factory: sessionmaker[Session], settings: Settings, shop_settings: Settings,
    shop: FakeShop,
) -> None:  # fmt: skip
    ship_two_mugs(session_factory, channel="api")
    relay_all(session_factory, shop_settings)
    relay_all(session_factory, settings)  # no shop configured at all

    assert shop.calls == []
    with session_factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(ShopSync)) == 0


def test_a_cancellation_from_opsdesk_is_sent_but_one_from_shopify_is_not_echoed(
    session_factory: sessionmaker[Session], shop_settings: Settings, shop: FakeShop
) -> None:
    with session_factory() as session, session.begin():
        make_shop(session)
        ours = place(session, [{"sku": MUG, "quantity": 1}], channel="shopify",
                     external_id=SHOP_ORDER)  # fmt: skip
        shop.add_order("450789470", {MUG: 1})
        theirs = place(session, [{"sku": MUG, "quantity": 1}], channel="shopify",
                       external_id="450789470")  # fmt: skip
        orders.cancel_order(session, ours.id, actor=ACTOR, reason="customer asked by phone")
        orders.cancel_order(session, theirs.id, actor="integration:shopify", reason="customer")

    relay_all(session_factory, shop_settings)

    assert [(c.path, c.body) for c in shop.writes()] == [
        (f"/admin/api/{VERSION}/orders/{SHOP_ORDER}/cancel.json",
         {"reason": "customer", "email": False})
    ]  # fmt: skip
    assert sync_row(session_factory, f"order:{ours.id}").status is SyncStatus.SENT


def test_a_refund_goes_to_the_shop_against_its_captured_payment(
    session_factory: sessionmaker[Session], shop: FakeShop
) -> None:
    with session_factory() as session, session.begin():
        make_shop(session)
        order = place(session, [{"sku": MUG, "quantity": 1}], channel="shopify",
                      external_id=SHOP_ORDER)  # fmt: skip
        data = {"refund_id": 7, "amount_minor": 1990, "currency": "EUR"}
        row = sync.enqueue(session, SyncKind.REFUND, "refund:7", order.id, data)
        assert row is not None
        client = ShopifyClient(ShopConfig(shop.url, TOKEN, VERSION))
        assert sync.push(session, row.id, client)
        assert sync.enqueue(session, SyncKind.REFUND, "refund:7", order.id, data) is None

    assert shop.refunds[0]["transactions"] == [
        {"parent_id": 389404470, "amount": "19.90", "kind": "refund", "gateway": "bogus"}
    ]


def test_a_parcel_whose_skus_shopify_does_not_list_is_parked_not_marked_sent(
    session_factory: sessionmaker[Session], shop: FakeShop
) -> None:
    with session_factory() as session, session.begin():
        make_shop(session)
        order = place(session, [{"sku": MUG, "quantity": 1}], channel="shopify",
                      external_id=SHOP_ORDER)  # fmt: skip
        data = {"shipment_id": 1, "company": "DHL", "tracking_number": "0034", "tracking_url": "",
                "skus": {"LAMP-OAK": 1}}  # fmt: skip
        row = sync.enqueue(session, SyncKind.FULFILLMENT, "shipment:1", order.id, data)
        assert row is not None
        client = ShopifyClient(ShopConfig(shop.url, TOKEN, VERSION))
        assert not sync.push(session, row.id, client)
        assert row.status is SyncStatus.PARKED
        assert "no open Shopify line carries the shipped SKUs (LAMP-OAK)" in row.last_error
    assert shop.fulfillments == []


def place_mugs_and_a_tee(factory: sessionmaker[Session], shop: FakeShop) -> tuple[int, int]:
    """A shop order of two mugs and a tee (order id, the tee line's id)."""
    shop.add_order("450789471", {MUG: 2, TEE: 1})
    with factory() as session, session.begin():
        make_shop(session)
        order = place(session, [{"sku": MUG, "quantity": 2}, {"sku": TEE, "quantity": 1}],
                      channel="shopify", external_id="450789471")  # fmt: skip
        return order.id, next(line.id for line in order.lines if line.sku == TEE)


def test_cancelling_some_lines_cancels_and_restocks_them_in_shopify_without_moving_money(
    session_factory: sessionmaker[Session], shop_settings: Settings, shop: FakeShop
) -> None:
    order_id, tee_line = place_mugs_and_a_tee(session_factory, shop)
    with session_factory() as session, session.begin():
        orders.cancel_order(session, order_id, actor=ACTOR, reason="tee out of stock",
                            line_ids=[tee_line])  # fmt: skip

    relay_all(session_factory, shop_settings)

    tee_item = next(li for li in shop.orders["450789471"]["line_items"] if li["sku"] == TEE)
    (post,) = shop.writes()
    row = sync_row(session_factory, next(iter(_line_keys(session_factory))))
    assert post.path == f"/admin/api/{VERSION}/orders/450789471/refunds.json"
    assert post.body == {"refund": {
        "notify": False,
        "note": f"Lines cancelled in OpsDesk ({row.source_key}): tee out of stock",
        "refund_line_items": [{"line_item_id": tee_item["id"], "quantity": 1,
                               "restock_type": "cancel"}],
        "transactions": [],
    }}  # fmt: skip
    fo_lines = shop.fulfillment_orders["450789471"][0]["line_items"]
    assert [li["fulfillable_quantity"] for li in fo_lines] == [2, 0]  # the mugs still ship
    assert (row.kind, row.status, row.data["skus"]) == (
        SyncKind.LINE_CANCELLATION, SyncStatus.SENT, {TEE: 1},
    )  # fmt: skip
    with session_factory() as session:
        assert "Cancelled lines sent to Shopify: 1 x TEE-RED" in timeline_summaries(
            session, order_id
        )


def test_a_line_cancellation_shopify_could_not_take_is_retried_by_the_job_and_sent_once(
    session_factory: sessionmaker[Session], shop_settings: Settings, shop: FakeShop
) -> None:
    order_id, tee_line = place_mugs_and_a_tee(session_factory, shop)
    shop.queued.append(Answer(503, {"errors": "Service Unavailable"}))
    with session_factory() as session, session.begin():
        orders.cancel_order(session, order_id, actor=ACTOR, reason="tee out of stock",
                            line_ids=[tee_line])  # fmt: skip

    relay_all(session_factory, shop_settings)
    (key,) = _line_keys(session_factory)
    waiting = sync_row(session_factory, key)
    assert (waiting.status, shop.refunds) == (SyncStatus.PENDING, [])
    (retry,) = jobs(shop_settings)
    for _ in range(2):  # the second run finds nothing due: sent once
        with session_factory() as session, session.begin():
            retry.run(session, waiting.next_attempt_at + timedelta(hours=2))

    assert sync_row(session_factory, key).status is SyncStatus.SENT
    assert [r["refund_line_items"][0]["quantity"] for r in shop.refunds] == [1]


def _line_keys(factory: sessionmaker[Session]) -> list[str]:
    with factory() as session:
        query = sa.select(ShopSync.source_key).where(ShopSync.kind == SyncKind.LINE_CANCELLATION)
        return list(session.scalars(query))
