"""Sending shipped units again (lost, damaged, wrong item) as a free replacement order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import AlreadyExists, Conflict, InvalidInput
from opsdesk.orders import intake, narrative
from opsdesk.orders.actions import rules
from opsdesk.orders.actions.address import address_of
from opsdesk.orders.events import OrderReshipped
from opsdesk.orders.lifecycle import locked_order
from opsdesk.orders.models import Order, OrderEvent
from opsdesk.orders.schemas import OrderCreate, ReshipReason, ShippingAddress
from opsdesk.orders.timeline import new_event

REPLACEMENT_CHANNEL = "replacement"
RESHIPPED_KIND = "order.reshipped"


def reship(
    session: Session,
    order_id: int,
    lines: Mapping[int, int],
    *,
    actor: str,
    reason: ReshipReason | str,
    note: str = "",
    address: ShippingAddress | None = None,
    strategy: str = intake.DEFAULT_STRATEGY,
    now: datetime | None = None,
) -> Order:
    """Place the replacement order (``lines`` = original line id → units) and return it.

    The replacement goes through intake, so its stock is reserved like any order's
    (``InsufficientStock`` 409 naming what is short, nothing written); it is free, in the
    original currency, for the same customer and (unless ``address``) the same address,
    numbered ``<original>-R<n>`` with ``replaces_order_id`` set. Both timelines link the
    other. A line can be reshipped up to the units shipped minus those reshipped before.
    """
    now = now or utcnow()
    why = _reason(reason)
    # Stock first, the original order's row last: the lock order of packing and receipts.
    preview = locked_order(session, order_id, with_lines=True, lock=False)
    earlier = _check(session, preview, lines)
    data = _replacement(preview, lines, address, sequence=len(earlier) + 1)
    replacement = _place(session, data, preview.number, actor=actor, strategy=strategy, now=now)
    replacement.replaces_order_id = preview.id
    original = locked_order(session, order_id, with_lines=True)
    _check(session, original, lines)  # again, under the lock: it may have moved meanwhile
    _record(session, original, replacement, lines, actor=actor, reason=why, note=note.strip(),
            now=now)  # fmt: skip
    return replacement


def _place(
    session: Session, data: OrderCreate, original: str, *, actor: str, strategy: str,
    now: datetime,
) -> Order:  # fmt: skip
    try:
        return intake.place_order(session, data, actor=actor, strategy=strategy, now=now)
    except AlreadyExists as exc:  # two agents reshipping at once both chose this number
        raise AlreadyExists(
            f"order {data.number} exists already: another reship of order {original} was "
            "probably made a moment ago; reload the order before sending more",
            details={"field": "number"},
        ) from exc


def _reason(reason: ReshipReason | str) -> ReshipReason:
    try:
        return ReshipReason(reason)
    except ValueError:
        choices = ", ".join(r.value for r in ReshipReason)
        raise rules.invalid("reason", f"unknown reason {reason!r}; use one of {choices}") from None


def _check(session: Session, order: Order, lines: Mapping[int, int]) -> list[dict[str, Any]]:
    """Refuse what cannot be reshipped; the data of earlier reships of this order."""
    rules.check_allowed(rules.OrderAction.RESHIP, order.number, order.status)
    earlier = _earlier_reships(session, order.id)
    done = Counter[int]()
    for data in earlier:
        done.update({int(k): int(v) for k, v in data.get("quantities", {}).items()})
    shipped = {
        line.id: rules.ShippedLine(line.sku, line.quantity_shipped, done[line.id])
        for line in order.lines
    }
    rules.check_reship_lines(lines, shipped)
    return earlier


def _earlier_reships(session: Session, order_id: int) -> list[dict[str, Any]]:
    """Read from the timeline, the ledger of what was sent again (by the order index)."""
    query = sa.select(OrderEvent.data).where(
        OrderEvent.order_id == order_id, OrderEvent.kind == RESHIPPED_KIND
    )
    return list(session.scalars(query.order_by(OrderEvent.occurred_at, OrderEvent.id)))


def _replacement(
    original: Order, lines: Mapping[int, int], address: ShippingAddress | None, *, sequence: int
) -> OrderCreate:
    if original.customer_id is None:
        raise Conflict(f"order {original.number} has no customer to send a replacement to")
    sku_of = {line.id: line.sku for line in original.lines}
    payload = {
        "number": rules.replacement_number(original.number, sequence),
        "channel": REPLACEMENT_CHANNEL,
        "customer_id": original.customer_id,
        "currency": original.currency,
        "locale": original.locale,
        "lines": [
            {"sku": sku_of[line_id], "quantity": quantity, "unit_price_minor": 0}
            for line_id, quantity in sorted(lines.items())
        ],
        "shipping_address": address.model_dump() if address else address_of(original),
        "service_level": original.service_level,
    }
    try:
        return OrderCreate.model_validate(payload)
    except ValidationError as exc:  # e.g. an imported order's incomplete address
        errors = [{"field": ".".join(map(str, e["loc"])), "reason": e["msg"]} for e in exc.errors()]
        raise InvalidInput(
            f"cannot send a replacement of order {original.number}: {errors[0]['field']} "
            f"{errors[0]['reason']}; give a shipping_address",
            details={"errors": errors},
        ) from None


def _record(
    session: Session,
    original: Order,
    replacement: Order,
    lines: Mapping[int, int],
    *,
    actor: str,
    reason: ReshipReason,
    note: str,
    now: datetime,
) -> None:
    """The event and one timeline entry on each order, pointing at the other."""
    sku_of = {line.id: line.sku for line in original.lines}
    by_sku = Counter[str]()
    for line_id, quantity in sorted(lines.items()):
        by_sku[sku_of[line_id]] += quantity
    events.record(session, OrderReshipped(
        order_id=original.id, number=original.number, actor=actor, reason=reason.value,
        replacement_order_id=replacement.id, replacement_number=replacement.number,
        quantities=dict(lines),
    ), now=now)  # fmt: skip
    summary = narrative.reshipped_sentence(by_sku, replacement.number, actor, reason, note)
    data = {"replacement_order_id": replacement.id, "replacement_number": replacement.number,
            "reason": reason.value, "quantities": {str(k): v for k, v in lines.items()}}  # fmt: skip
    session.add(new_event(original.id, kind=RESHIPPED_KIND, summary=summary, actor=actor,
                          data=data, occurred_at=now))  # fmt: skip
    summary = narrative.replacement_sentence(original.number, reason, note)
    data = {"replaces_order_id": original.id, "replaces_number": original.number,
            "reason": reason.value, "note": note}  # fmt: skip
    session.add(new_event(replacement.id, kind="order.replacement", summary=summary, actor=actor,
                          data=data, occurred_at=now))  # fmt: skip
    original.updated_at = now
