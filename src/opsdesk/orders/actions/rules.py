"""Which actions an order's state allows, and the checks on their input (pure, no I/O).

The shipping address and the service level can change while nothing has shipped:
placed, allocated, backordered, picking and **packed**. Packed still counts as "not
shipped" on purpose: the label (address, service level) is bought when the parcel is
handed to the carrier (``shipping.create_shipment``), so a packed parcel simply gets the
new label. From partially shipped on, (part of) the parcel is with the carrier.

A reship sends again what left the warehouse: only partially shipped, shipped or
delivered orders, and per line at most the units shipped minus those already reshipped.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from opsdesk.kernel.errors import Conflict, IllegalTransition, InvalidInput
from opsdesk.orders.models import OrderStatus

S = OrderStatus

BEFORE_SHIPPING = frozenset({S.PLACED, S.ALLOCATED, S.BACKORDERED, S.PICKING, S.PACKED})
RESHIPPABLE = frozenset({S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED})
SERVICE_LEVELS = ("economy", "standard", "express")  # slowest first
ADDRESS_FIELDS = ("name", "line1", "line2", "city", "region", "postal_code", "country",
                  "latitude", "longitude")  # fmt: skip
MAX_NUMBER = 40
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._#/-]*$")  # as ``schemas.Code`` accepts


class OrderAction(enum.StrEnum):
    CHANGE_ADDRESS = "change_address"
    UPGRADE_SHIPPING = "upgrade_shipping"
    RESHIP = "reship"


_ALLOWED: Mapping[OrderAction, frozenset[OrderStatus]] = {
    OrderAction.CHANGE_ADDRESS: BEFORE_SHIPPING,
    OrderAction.UPGRADE_SHIPPING: BEFORE_SHIPPING,
    OrderAction.RESHIP: RESHIPPABLE,
}

_WHAT: Mapping[OrderAction, str] = {
    OrderAction.CHANGE_ADDRESS: "change the shipping address of order {number}",
    OrderAction.UPGRADE_SHIPPING: "upgrade the shipping of order {number}",
    OrderAction.RESHIP: "reship from order {number}",
}

_WITH_CARRIER = frozenset({S.PARTIALLY_SHIPPED, S.SHIPPED})
_ADVICE: Mapping[tuple[OrderAction, OrderStatus], str] = {
    **{
        (OrderAction.CHANGE_ADDRESS, s): "the parcel is already with the carrier; "
        "contact the carrier to redirect it"
        for s in _WITH_CARRIER
    },
    (OrderAction.CHANGE_ADDRESS, S.DELIVERED): "the parcel has been delivered; "
    "reship to the new address if something must go there",
    **{
        (OrderAction.UPGRADE_SHIPPING, s): "the parcel is already with the carrier at the "
        "service level it was sent with"
        for s in _WITH_CARRIER
    },
    **{
        (OrderAction.RESHIP, s): "nothing has shipped yet; change or cancel the order instead"
        for s in BEFORE_SHIPPING
    },
    (OrderAction.RESHIP, S.CANCELLED): "place a new order instead",
    (OrderAction.RESHIP, S.RETURNED): "the goods came back; record a refund or place a new order",
}


class OrderActionRefused(IllegalTransition):
    """409 ``illegal_transition``: the order's status forbids the action; says what to do."""

    def __init__(self, action: OrderAction, number: str, status: OrderStatus) -> None:
        message = f"cannot {_WHAT[action].format(number=number)}: it is {status.value}"
        advice = _ADVICE.get((action, status))
        if advice:
            message += f"; {advice}"
        details = {"kind": "order", "from": status.value, "to": action.value,
                   "action": action.value, "status": status.value}  # fmt: skip
        Conflict.__init__(self, message, details=details)


def is_allowed(action: OrderAction, status: OrderStatus) -> bool:
    return status in _ALLOWED[action]


def check_allowed(action: OrderAction, number: str, status: OrderStatus) -> None:
    if not is_allowed(action, status):
        raise OrderActionRefused(action, number, status)


def invalid(field: str, reason: str, message: str | None = None) -> InvalidInput:
    """A 422 naming the field, shaped like request validation errors."""
    return InvalidInput(message or reason, details={"errors": [{"field": field, "reason": reason}]})


def service_rank(level: str) -> int:
    """Position from slowest to fastest; a level we do not know ranks below all."""
    return SERVICE_LEVELS.index(level) if level in SERVICE_LEVELS else -1


def check_upgrade(current: str, target: str, charge_minor: int) -> None:
    if target not in SERVICE_LEVELS:
        raise invalid("service_level", f"unknown service level {target!r}; "
                      f"use one of {', '.join(SERVICE_LEVELS)}")  # fmt: skip
    if service_rank(target) <= service_rank(current):
        raise invalid("service_level", f"{target} is not faster than {current}")
    if charge_minor < 0:
        raise invalid("charge_minor", "a charge cannot be negative")


def same_address(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    return all(old.get(field) == new.get(field) for field in ADDRESS_FIELDS)


def town(city: str, postal_code: str) -> str:
    """Where, without the street: ``Berlin (10119)``; the timeline keeps no old streets."""
    return f"{city} ({postal_code})" if postal_code else city


@dataclass(frozen=True)
class ShippedLine:
    sku: str
    shipped: int
    reshipped: int = 0

    @property
    def reshippable(self) -> int:
        return max(self.shipped - self.reshipped, 0)


def check_reship_lines(requested: Mapping[int, int], lines: Mapping[int, ShippedLine]) -> None:
    """Every requested line belongs to the order and asks for 1 … units still reshippable."""
    if not requested:
        raise invalid("lines", "name at least one shipped line to send again")
    problems = [
        {"field": f"lines.{line_id}", "reason": reason}
        for line_id, quantity in requested.items()
        if (reason := _line_problem(line_id, quantity, lines.get(line_id)))
    ]
    if problems:
        raise InvalidInput(problems[0]["reason"], details={"errors": problems})


def _line_problem(line_id: int, quantity: int, line: ShippedLine | None) -> str:
    if line is None:
        return f"the order has no line {line_id}"
    if line.reshippable == 0:
        return (f"nothing of {line.sku} can be reshipped: {line.shipped} shipped, "
                f"{line.reshipped} already reshipped")  # fmt: skip
    if not 1 <= quantity <= line.reshippable:
        return f"can reship 1 to {line.reshippable} of {line.sku}, not {quantity}"
    return ""


def replacement_number(original: str, sequence: int) -> str | None:
    """``OD-7K2M9Q4T1X-R1`` for the first replacement; None when that would not fit."""
    candidate = f"{original}-R{sequence}"
    if len(candidate) > MAX_NUMBER or not _NUMBER.match(candidate):
        return None
    return candidate
