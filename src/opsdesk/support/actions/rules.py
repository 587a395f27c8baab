"""Which ticket actions an order's status allows (pure: statuses in, a refusal out).

The order services check again under their row lock; checking here first gives the
agent one consistent answer for every action — the status it is in and what to do
instead — before anything is touched.
"""

from __future__ import annotations

from collections.abc import Mapping

from opsdesk import orders
from opsdesk.kernel.errors import Conflict, IllegalTransition
from opsdesk.support.actions.schemas import ActionKind

S = orders.OrderStatus
K = ActionKind

BEFORE_SHIPPING = frozenset({S.PLACED, S.ALLOCATED, S.BACKORDERED, S.PICKING, S.PACKED})
SHIPPED_SOMETHING = frozenset({S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED})
EVERY_STATUS = frozenset(S)

ALLOWED: Mapping[ActionKind, frozenset[orders.OrderStatus]] = {
    K.CANCEL_ORDER: frozenset(orders.CANCELLABLE),
    K.CANCEL_LINES: frozenset(orders.CANCELLABLE),
    K.RESHIP: SHIPPED_SOMETHING,
    K.START_RETURN: SHIPPED_SOMETHING,
    K.UPGRADE_SHIPPING: BEFORE_SHIPPING,
    K.CHANGE_ADDRESS: BEFORE_SHIPPING,
    K.ISSUE_DISCOUNT: EVERY_STATUS,
    K.RECORD_REFUND: EVERY_STATUS,
}

_WHAT: Mapping[ActionKind, str] = {
    K.CANCEL_ORDER: "cancel order {number}",
    K.CANCEL_LINES: "cancel lines of order {number}",
    K.RESHIP: "reship from order {number}",
    K.START_RETURN: "start a return for order {number}",
    K.UPGRADE_SHIPPING: "upgrade the shipping of order {number}",
    K.CHANGE_ADDRESS: "change the shipping address of order {number}",
    K.ISSUE_DISCOUNT: "issue a discount code for order {number}",
    K.RECORD_REFUND: "record a refund on order {number}",
}

_CANCEL_ADVICE = {
    S.PARTIALLY_SHIPPED: "part of it is with the carrier; start a return for what shipped",
    S.SHIPPED: "it is with the carrier; start a return once it arrives",
    S.DELIVERED: "it has been delivered; start a return instead",
    S.CANCELLED: "it is cancelled already",
    S.RETURNED: "it came back already; record a refund if money is owed",
}
_NOT_SHIPPED = "nothing has shipped yet; change or cancel the order instead"
_WITH_CARRIER = "the parcel is with the carrier already; contact the carrier"

ADVICE: Mapping[tuple[ActionKind, orders.OrderStatus], str] = {
    **{(K.CANCEL_ORDER, s): advice for s, advice in _CANCEL_ADVICE.items()},
    **{(K.CANCEL_LINES, s): advice for s, advice in _CANCEL_ADVICE.items()},
    **{(K.RESHIP, s): _NOT_SHIPPED for s in BEFORE_SHIPPING},
    **{(K.START_RETURN, s): _NOT_SHIPPED for s in BEFORE_SHIPPING},
    (K.RESHIP, S.CANCELLED): "the order is cancelled; place a new order instead",
    (K.RESHIP, S.RETURNED): "the goods came back; record a refund or place a new order",
    (K.START_RETURN, S.CANCELLED): "the order is cancelled; nothing was sent",
    (K.START_RETURN, S.RETURNED): "the order has been returned already",
    **{(K.UPGRADE_SHIPPING, s): _WITH_CARRIER for s in SHIPPED_SOMETHING},
    **{(K.CHANGE_ADDRESS, s): _WITH_CARRIER for s in SHIPPED_SOMETHING},
}


class ActionRefused(IllegalTransition):
    """409 ``illegal_transition``: the order's status forbids the action; names the
    status and says what to do instead."""

    def __init__(self, action: ActionKind, number: str, status: orders.OrderStatus) -> None:
        message = f"cannot {_WHAT[action].format(number=number)}: it is {status.value}"
        advice = ADVICE.get((action, status))
        if advice:
            message += f"; {advice}"
        details = {"kind": "order", "from": status.value, "to": action.value,
                   "action": action.value, "status": status.value, "order_number": number}  # fmt: skip
        Conflict.__init__(self, message, details=details)


def is_allowed(action: ActionKind, status: orders.OrderStatus) -> bool:
    return status in ALLOWED[action]


def check_allowed(action: ActionKind, number: str, status: orders.OrderStatus) -> None:
    if not is_allowed(action, status):
        raise ActionRefused(action, number, status)


def needs_order(action: ActionKind) -> bool:
    """Every action but a discount code is about one order."""
    return action is not K.ISSUE_DISCOUNT
