"""What the sync-back sends Shopify and when it tries again (pure decisions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from opsdesk.integrations.shopify import sync_plan

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
FULFILLMENT_ORDERS = [
    {"id": 1046000818, "status": "closed", "line_items": [
        {"id": 1, "line_item_id": 466157049, "fulfillable_quantity": 0}]},
    {"id": 1046000819, "status": "open", "line_items": [
        {"id": 1025578643, "line_item_id": 466157049, "fulfillable_quantity": 3},
        {"id": 1025578644, "line_item_id": 518995019, "fulfillable_quantity": 1}]},
]  # fmt: skip
SKUS = {"466157049": "MUG-BLUE", "518995019": "TEE-RED"}


def test_a_parcel_fulfils_only_what_it_carries_from_open_fulfilment_orders() -> None:
    plan = sync_plan.plan_fulfillment(FULFILLMENT_ORDERS, SKUS, {"MUG-BLUE": 2})

    assert plan == [
        {"fulfillment_order_id": 1046000819,
         "fulfillment_order_line_items": [{"id": 1025578643, "quantity": 2}]}
    ]  # fmt: skip


def test_without_shipped_lines_everything_open_is_fulfilled_and_nothing_twice() -> None:
    everything = sync_plan.plan_fulfillment(FULFILLMENT_ORDERS, SKUS, None)
    closed = [{**fo, "status": "closed"} for fo in FULFILLMENT_ORDERS]

    assert everything[0]["fulfillment_order_line_items"] == [
        {"id": 1025578643, "quantity": 3}, {"id": 1025578644, "quantity": 1}]  # fmt: skip
    assert sync_plan.plan_fulfillment(closed, SKUS, None) == []


def test_backoff_doubles_and_never_undercuts_retry_after() -> None:
    assert sync_plan.next_attempt(1, NOW, None) == NOW + timedelta(seconds=30)
    assert sync_plan.next_attempt(3, NOW, None) == NOW + timedelta(minutes=2)
    assert sync_plan.next_attempt(1, NOW, 120.0) == NOW + timedelta(minutes=2)
    assert sync_plan.next_attempt(20, NOW, None) == NOW + timedelta(hours=1)


def test_a_refund_goes_against_the_captured_payment_in_the_currencys_units() -> None:
    transactions = [
        {"id": 389404469, "kind": "authorization", "status": "success", "gateway": "bogus"},
        {"id": 389404470, "kind": "capture", "status": "success", "gateway": "bogus"},
    ]
    data = {"refund_id": 7, "amount_minor": 1990, "currency": "EUR"}

    body = sync_plan.refund_body(transactions, data)

    assert body == {"refund": {
        "currency": "EUR", "notify": False, "note": "Refund 7 from OpsDesk",
        "transactions": [{"parent_id": 389404470, "amount": "19.90", "kind": "refund",
                          "gateway": "bogus"}],
    }}  # fmt: skip
    assert sync_plan.decimal_amount(1990, "JPY") == "1990"
    assert sync_plan.refund_body(transactions[:1], data) is None


def test_cancellation_reasons_map_onto_shopifys_fixed_set() -> None:
    assert sync_plan.cancel_body("Customer changed their mind") == {"reason": "customer",
                                                                    "email": False}  # fmt: skip
    assert sync_plan.cancel_body("damaged in the warehouse")["reason"] == "other"
