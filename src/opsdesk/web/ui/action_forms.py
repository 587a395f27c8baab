"""The action forms of the customer panel, without I/O: which actions an order's status
allows, and the submitted fields turned into the ``kind``-tagged action request (or a
refusal in plain words that names the field to fix)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision
from pydantic import TypeAdapter, ValidationError

from opsdesk import orders, promotions, returns
from opsdesk.kernel.errors import InvalidInput
from opsdesk.support import actions

K = actions.ActionKind
Fields = Mapping[str, Sequence[str]]  # a form: every name with all its values
Payload = dict[str, Any]

LABELS: Mapping[actions.ActionKind, str] = {
    K.CANCEL_ORDER: "Cancel order",
    K.CANCEL_LINES: "Cancel lines",
    K.RESHIP: "Reship",
    K.START_RETURN: "Start a return",
    K.UPGRADE_SHIPPING: "Upgrade shipping",
    K.CHANGE_ADDRESS: "Change address",
    K.ISSUE_DISCOUNT: "Discount code",
    K.RECORD_REFUND: "Record a refund",
}
RESHIP_REASONS = [(r.value, r.value.replace("_", " ")) for r in orders.ReshipReason]
RETURN_REASONS = [(r.value, r.value.replace("_", " ")) for r in returns.ReturnReason]
# The reasons a person may give for a code (automatic_remedy is the proactive rules').
DISCOUNT_REASONS = [(r.value, r.value.replace("_", " ")) for r in promotions.DiscountReason
                    if r is not promotions.DiscountReason.AUTOMATIC_REMEDY]  # fmt: skip
NEEDS_REASON = frozenset({K.CANCEL_ORDER, K.CANCEL_LINES, K.RESHIP, K.START_RETURN,
                          K.RECORD_REFUND, K.ISSUE_DISCOUNT})  # fmt: skip
ADDRESS_FIELDS = ("name", "line1", "line2", "postal_code", "city", "region", "country")
_REQUEST: TypeAdapter[actions.ActionRequest] = TypeAdapter(actions.ActionRequest)
_FIELD_WORDS = {
    "reason": "the reason", "lines": "the items", "line_ids": "the lines",
    "value": "the discount", "amount_minor": "the amount", "charge_minor": "the charge",
    "shipping_address": "the address", "line1": "the street", "city": "the town",
    "country": "the country", "postal_code": "the postcode", "expires_at": "the expiry date",
    "service_level": "the shipping level", "note": "the note", "reason_code": "the reason",
}  # fmt: skip


def allowed_actions(status: orders.OrderStatus) -> list[actions.ActionKind]:
    """The actions to offer for an order in ``status``, in the panel's order."""
    return [kind for kind in LABELS if actions.is_allowed(kind, status)]


def days_later(value: datetime, days: int) -> str:
    """The ISO date ``days`` after ``value``: a date input's default."""
    return (value + timedelta(days=days)).date().isoformat()


def refused(field: str, reason: str) -> InvalidInput:
    """A 422 whose message an agent can act on, naming the field like the API does."""
    return InvalidInput(reason, details={"errors": [{"field": field, "reason": reason}]})


def _one(fields: Fields, name: str) -> str:
    values = fields.get(name) or [""]
    return values[0].strip()


def money_minor(text: str, currency: str, field: str) -> int:
    """``12.50`` or ``12,50`` in the currency's own minor units (cents, yen, fils)."""
    try:
        amount = Decimal(text.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise refused(field, f"write the amount as a number, like 12.50 (not {text!r})") from None
    minor = amount.scaleb(get_currency_precision(currency))
    if not amount.is_finite() or amount <= 0 or minor != minor.to_integral_value():
        raise refused(field, f"the amount must be more than zero, in whole {currency} cents")
    return int(minor)


def percent_basis_points(text: str) -> int:
    """``10`` or ``12.5`` (per cent) as basis points."""
    try:
        value = Decimal(text.replace(",", ".").rstrip("% "))
    except InvalidOperation:
        raise refused("value", "write the percentage as a number, like 10") from None
    if not value.is_finite() or not 0 < value <= 100 or value * 100 != int(value * 100):
        raise refused("value", "the percentage must be more than 0 and at most 100")
    return int(value * 100)


def line_quantities(fields: Fields) -> list[dict[str, int]]:
    """``qty-<line id>`` inputs with a positive number, as order lines and quantities."""
    chosen = []
    for name, values in sorted(fields.items()):
        if not name.startswith("qty-") or not values or not values[0].strip():
            continue
        line_id, quantity = name.removeprefix("qty-"), values[0].strip()
        if not line_id.isdigit() or not quantity.isdigit():
            raise refused("lines", "quantities are whole numbers, like 1")
        if int(quantity) > 0:
            chosen.append({"order_line_id": int(line_id), "quantity": int(quantity)})
    if not chosen:
        raise refused("lines", "choose how many of which item (at least one)")
    return chosen


def expiry(text: str, timezone: str, today: date) -> datetime | None:
    """The last second of the chosen day in the store's time zone; empty means the default."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise refused("expires_at", "choose the expiry date from the calendar") from None
    if day < today:
        raise refused("expires_at", "the expiry date has passed; choose a later one")
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(timezone))


class _Form:
    """What a builder needs besides the fields: the order and the store's calendar."""

    def __init__(self, fields: Fields, currency: str, timezone: str, today: date) -> None:
        self.fields, self.currency, self.timezone, self.today = fields, currency, timezone, today

    def get(self, name: str) -> str:
        return _one(self.fields, name)


def _cancel_order(form: _Form) -> Payload:
    return {"reason": form.get("reason")}


def _cancel_lines(form: _Form) -> Payload:
    ids = [v for v in form.fields.get("line", []) if v.strip()]
    if not ids or not all(v.isdigit() for v in ids):
        raise refused("line_ids", "tick the lines to cancel (at least one)")
    return {"line_ids": [int(v) for v in ids], "reason": form.get("reason")}


def _reship(form: _Form) -> Payload:
    return {"lines": line_quantities(form.fields), "reason": form.get("reason")}


def _start_return(form: _Form) -> Payload:
    return {"lines": line_quantities(form.fields), "reason": form.get("reason")}


def _upgrade_shipping(form: _Form) -> Payload:
    charge = form.get("charge")
    minor = money_minor(charge, form.currency, "charge_minor") if charge else 0
    return {"service_level": form.get("service_level") or "express",
            "charge_minor": minor, "reason": form.get("reason")}  # fmt: skip


def _change_address(form: _Form) -> Payload:
    address = {name: form.get(name) for name in ADDRESS_FIELDS}
    address["country"] = address["country"].upper()
    return {"shipping_address": address, "reason": form.get("reason")}


def _issue_discount(form: _Form) -> Payload:
    kind = form.get("discount_kind")
    text = form.get("value")
    if not text:
        raise refused("value", "write how much the discount is worth")
    if kind == "percent":
        value = percent_basis_points(text)
    elif kind == "amount":
        value = money_minor(text, form.currency, "value")
    else:
        raise refused("discount_kind", "choose an amount or a percentage")
    payload: Payload = {"discount_kind": kind, "value": value, "reason": form.get("reason"),
                        "reason_code": form.get("reason_code")}  # fmt: skip
    if kind == "amount":
        payload["currency"] = form.currency
    expires_at = expiry(form.get("expires"), form.timezone, form.today)
    if expires_at is not None:
        payload["expires_at"] = expires_at
    return payload


def _record_refund(form: _Form) -> Payload:
    return {"amount_minor": money_minor(form.get("amount"), form.currency, "amount_minor"),
            "currency": form.currency, "reason": form.get("reason")}  # fmt: skip


BUILDERS: Mapping[actions.ActionKind, Callable[[_Form], Payload]] = {
    K.CANCEL_ORDER: _cancel_order,
    K.CANCEL_LINES: _cancel_lines,
    K.RESHIP: _reship,
    K.START_RETURN: _start_return,
    K.UPGRADE_SHIPPING: _upgrade_shipping,
    K.CHANGE_ADDRESS: _change_address,
    K.ISSUE_DISCOUNT: _issue_discount,
    K.RECORD_REFUND: _record_refund,
}


def parse_action(
    kind: actions.ActionKind, order_id: int, fields: Fields, *,
    currency: str, timezone: str, today: date,
) -> actions.ActionRequest:  # fmt: skip
    """The action request the form describes; ``InvalidInput`` (422) in plain words."""
    if kind in NEEDS_REASON and not _one(fields, "reason"):
        raise refused("reason", "give a reason: it goes into the note and the order timeline")
    payload = BUILDERS[kind](_Form(fields, currency, timezone, today))
    payload |= {"kind": kind, "order_id": order_id, "note": _one(fields, "note")}
    try:
        return _REQUEST.validate_python(payload)
    except ValidationError as error:
        raise _plain(error, kind) from None


def _plain(error: ValidationError, kind: actions.ActionKind) -> InvalidInput:
    first = error.errors()[0]
    names = [str(p) for p in first["loc"] if not isinstance(p, int) and str(p) != kind.value]
    field = names[-1] if names else "form"
    what = _FIELD_WORDS.get(field, field.replace("_", " "))
    return refused(field, f"check {what}: {first['msg'][0].lower()}{first['msg'][1:]}")


@dataclass(frozen=True)
class ActionProblem:
    """A refused action, shown in its own form with what the agent had typed."""

    order_id: int
    kind: actions.ActionKind
    message: str
    fields: Fields = field(default_factory=dict)

    def matches(self, order_id: int, kind: actions.ActionKind) -> bool:
        return self.order_id == order_id and self.kind == kind

    def value(self, name: str, default: str = "") -> str:
        return _one(self.fields, name) or default

    def values(self, name: str) -> Sequence[str]:
        return self.fields.get(name, ())
