"""Which order actions each status allows, and the checks on their input (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from opsdesk.kernel.errors import IllegalTransition, InvalidInput
from opsdesk.orders import narrative
from opsdesk.orders.actions.rules import (
    OrderAction,
    OrderActionRefused,
    ShippedLine,
    check_allowed,
    check_reship_lines,
    check_upgrade,
    is_allowed,
    replacement_number,
    same_address,
    town,
)
from opsdesk.orders.models import OrderStatus

S = OrderStatus
# Written out here, independently of the module: the rows of the rule table.
NOT_SHIPPED = {S.PLACED, S.ALLOCATED, S.BACKORDERED, S.PICKING, S.PACKED}
SENT = {S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED}


@pytest.mark.parametrize("status", list(S))
def test_address_and_service_level_change_only_while_nothing_has_shipped(status: S) -> None:
    expected = status in NOT_SHIPPED
    assert is_allowed(OrderAction.CHANGE_ADDRESS, status) is expected
    assert is_allowed(OrderAction.UPGRADE_SHIPPING, status) is expected


@pytest.mark.parametrize("status", list(S))
def test_only_what_left_the_warehouse_can_be_reshipped(status: S) -> None:
    assert is_allowed(OrderAction.RESHIP, status) is (status in SENT)


def test_a_packed_parcel_can_still_go_to_a_new_address() -> None:
    check_allowed(OrderAction.CHANGE_ADDRESS, "OD-1", S.PACKED)  # no label bought yet


def test_a_shipped_order_refuses_an_address_change_and_points_to_the_carrier() -> None:
    with pytest.raises(OrderActionRefused) as caught:
        check_allowed(OrderAction.CHANGE_ADDRESS, "OD-1", S.SHIPPED)
    error = caught.value
    assert isinstance(error, IllegalTransition)
    assert error.status_code == 409
    assert error.message == (
        "cannot change the shipping address of order OD-1: it is shipped; "
        "the parcel is already with the carrier; contact the carrier to redirect it"
    )
    assert error.details["from"] == "shipped"
    assert error.details["action"] == "change_address"


def test_reshipping_an_unshipped_order_suggests_changing_or_cancelling_it() -> None:
    with pytest.raises(OrderActionRefused, match="it is allocated; nothing has shipped yet"):
        check_allowed(OrderAction.RESHIP, "OD-2", S.ALLOCATED)


@pytest.mark.parametrize(
    ("current", "target"),
    [("economy", "standard"), ("economy", "express"), ("standard", "express"),
     ("overnight-legacy", "economy")],
)  # fmt: skip
def test_faster_levels_are_upgrades(current: str, target: str) -> None:
    check_upgrade(current, target, charge_minor=0)


@pytest.mark.parametrize(
    ("current", "target", "field", "reason"),
    [
        ("express", "express", "service_level", "express is not faster than express"),
        ("express", "standard", "service_level", "standard is not faster than express"),
        ("standard", "rocket", "service_level", "unknown service level 'rocket'"),
    ],
)
def test_slower_same_or_unknown_levels_are_refused_naming_the_field(
    current: str, target: str, field: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_upgrade(current, target, charge_minor=0)
    (error,) = caught.value.details["errors"]
    assert error["field"] == field
    assert error["reason"].startswith(reason)


def test_a_negative_charge_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_upgrade("standard", "express", charge_minor=-1)
    assert caught.value.details["errors"][0]["field"] == "charge_minor"


def test_reship_quantities_are_capped_by_what_shipped_minus_what_was_sent_again() -> None:
    lines = {10: ShippedLine("MUG", shipped=3, reshipped=1), 11: ShippedLine("TEE", shipped=0)}
    check_reship_lines({10: 2}, lines)
    with pytest.raises(InvalidInput) as caught:
        check_reship_lines({10: 3, 11: 1, 12: 1}, lines)
    assert caught.value.details["errors"] == [
        {"field": "lines.10", "reason": "can reship 1 to 2 of MUG, not 3"},
        {"field": "lines.11", "reason": "nothing of TEE can be reshipped: 0 shipped, "
                                        "0 already reshipped"},
        {"field": "lines.12", "reason": "the order has no line 12"},
    ]  # fmt: skip


def test_a_reship_needs_at_least_one_line() -> None:
    with pytest.raises(InvalidInput):
        check_reship_lines({}, {1: ShippedLine("MUG", shipped=1)})


def test_replacement_numbers_count_up_and_give_way_when_too_long() -> None:
    assert replacement_number("OD-7K2M9Q4T1X", 1) == "OD-7K2M9Q4T1X-R1"
    assert replacement_number("1001", 12) == "1001-R12"
    assert replacement_number("X" * 38, 1) is None


def test_addresses_compare_every_field_and_towns_hide_the_street() -> None:
    berlin = {"line1": "Torstrasse 12", "city": "Berlin", "postal_code": "10119", "country": "DE"}
    assert same_address(berlin, dict(berlin))
    assert not same_address(berlin, berlin | {"line1": "Torstrasse 14"})
    assert town("Berlin", "10119") == "Berlin (10119)"
    assert town("Berlin", "") == "Berlin"


def test_timeline_sentences_quote_the_new_promise_with_its_weekday() -> None:
    friday = date(2026, 12, 4)
    assert narrative.upgraded_sentence("express", "agent:Ana", "", "", friday) == (
        "Shipping upgraded to express by agent:Ana — new promised date Fri 4 Dec"
    )
    assert (
        narrative.address_changed_sentence(
            "agent:Ana", "Berlin (10119)", "Hamburg (20095)", "moved", friday, friday
        )
        == "Shipping address changed from Berlin (10119) to Hamburg (20095) by agent:Ana: moved"
    )
