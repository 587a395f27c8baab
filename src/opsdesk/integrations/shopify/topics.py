"""One function per Shopify topic; each parses its body and calls the owning module."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from opsdesk import orders, returns
from opsdesk.integrations.shopify import mapping
from opsdesk.integrations.shopify.common import (
    ACTOR,
    WebhookContext,
    WebhookResult,
    add_note,
    known_order,
    order_id_for,
)
from opsdesk.kernel.errors import InvalidInput


def create(session: Session, body: Mapping[str, Any], ctx: WebhookContext) -> WebhookResult:
    """Place the order through intake; a second create of the same order changes nothing."""
    order = mapping.parse_order(body, default_locale=ctx.default_locale)
    existing = order_id_for(session, order.external_id)
    if existing is not None:
        return WebhookResult(
            "duplicate", f"Shopify order {order.number} already recorded", existing
        )
    placed = orders.place_order(
        session, mapping.to_order_create(order), actor=ACTOR, strategy=ctx.strategy, now=ctx.now
    )
    if placed.total_minor != order.totals.total_minor:
        add_note(
            session,
            placed.id,
            kind="shopify.total_mismatch",
            summary=f"Shopify's total ({order.totals.total_minor} minor units) differs from "
            f"OpsDesk's ({placed.total_minor}); check discounts and taxes",
            at=ctx.now,
            data={"shopify_total_minor": order.totals.total_minor},
        )
    if order.note:
        _note(session, placed.id, order.note, ctx)
    return WebhookResult("processed", f"created order {placed.number}", placed.id)


def cancel(session: Session, body: Mapping[str, Any], ctx: WebhookContext) -> WebhookResult:
    order = mapping.parse_order(body, default_locale=ctx.default_locale)
    order_id = known_order(session, order.external_id)
    current = orders.read_order(session, order_id)
    if current.status is orders.OrderStatus.CANCELLED:
        return WebhookResult("processed", f"order {current.number} was already cancelled", order_id)
    if current.status not in orders.CANCELLABLE:
        # A retry could never succeed: tell the team; the goods come back as a return.
        add_note(
            session,
            order_id,
            kind="shopify.cancel_refused",
            summary=f"Shopify cancelled the order but it is already {current.status.value}; "
            "arrange a return instead",
            at=ctx.now,
        )
        return WebhookResult("processed", f"order {current.number} not cancellable", order_id)
    reason = f"cancelled in Shopify ({order.cancel_reason or 'no reason given'})"
    orders.cancel_order(session, order_id, actor=ACTOR, reason=reason[:200], now=ctx.now)
    return WebhookResult("processed", f"cancelled order {current.number}", order_id)


def update(session: Session, body: Mapping[str, Any], ctx: WebhookContext) -> WebhookResult:
    """Apply what matters to fulfilment: a new note, and the address while nothing shipped."""
    order = mapping.parse_order(body, default_locale=ctx.default_locale)
    order_id = known_order(session, order.external_id)
    current = orders.read_order(session, order_id)
    changes = []
    if order.note and order.note != _last_note(current):
        _note(session, order_id, order.note, ctx)
        changes.append("note")
    address = order.address_or_billing
    if address is not None and _address_changed(current, address):
        _change_address(session, current, address, ctx)
        changes.append("shipping address")
    outcome = f"updated {', '.join(changes)}" if changes else "nothing relevant changed"
    return WebhookResult("processed", f"order {current.number}: {outcome}", order_id)


def refund(session: Session, body: Mapping[str, Any], ctx: WebhookContext) -> WebhookResult:
    parsed = mapping.parse_refund(body)
    order_id = known_order(session, parsed.order_external_id)
    current = orders.read_order(session, order_id)
    if parsed.amount_minor == 0:
        return WebhookResult("processed", "refund without money (restock only)", order_id)
    returns.record_refund(
        session,
        order_id=order_id,
        amount_minor=parsed.amount_minor,
        currency=parsed.currency or current.currency,
        reason=parsed.reason,
        external_id=parsed.external_id,
        actor=ACTOR,
    )
    return WebhookResult(
        "processed", f"refund of {parsed.amount_minor} recorded on {current.number}", order_id
    )


def _note(session: Session, order_id: int, note: str, ctx: WebhookContext) -> None:
    add_note(
        session,
        order_id,
        kind="shopify.note",
        summary=f"Note from Shopify: {note}",
        at=ctx.now,
        data={"note": note},
    )


def _last_data(current: orders.OrderRead, kind: str) -> dict[str, Any] | None:
    entries = [e for e in current.timeline if e.kind == kind]
    return entries[-1].data if entries else None


def _last_note(current: orders.OrderRead) -> str | None:
    data = _last_data(current, "shopify.note")
    return str(data.get("note")) if data else None


ADDRESS_FIELDS = ("name", "line1", "line2", "city", "region", "postal_code", "country")


def _address_changed(current: orders.OrderRead, address: mapping.Address) -> bool:
    """Differs from the order's address and from the last change already noted."""
    new = mapping.shipping_address(address)
    reported = _last_data(current, "shopify.address_changed")
    known = [current.shipping_address.model_dump()]
    if reported:
        known.append(reported["shipping_address"])
    return all(any(k.get(f) != new[f] for f in ADDRESS_FIELDS) for k in known)


def _change_address(
    session: Session, current: orders.OrderRead, address: mapping.Address, ctx: WebhookContext
) -> None:
    """Before shipping the order goes to the new address; otherwise the team is told."""
    if orders.is_allowed(orders.OrderAction.CHANGE_ADDRESS, current.status):
        try:
            new = orders.ShippingAddress.model_validate(mapping.shipping_address(address))
        except ValidationError:
            new = None  # e.g. no country: not shippable as is, a person must look
        if new is not None:
            try:
                with session.begin_nested():
                    orders.update_shipping_address(session, current.id, new, actor=ACTOR,
                                                   reason="changed in Shopify", now=ctx.now)  # fmt: skip
                return
            except InvalidInput:
                pass  # a postal code not of the address's country: a person must look
    _record_address_change(session, current, address, ctx)


def _record_address_change(
    session: Session, current: orders.OrderRead, address: mapping.Address, ctx: WebhookContext
) -> None:
    where = ", ".join(p for p in (address.line1, address.postal_code, address.city) if p)
    if orders.is_allowed(orders.OrderAction.CHANGE_ADDRESS, current.status):
        summary = f"Shopify changed the shipping address to {where}, which is incomplete; check it"
    else:
        summary = f"Shopify changed the shipping address to {where} after the order was {current.status.value}"
    add_note(
        session,
        current.id,
        kind="shopify.address_changed",
        summary=summary,
        at=ctx.now,
        data={"shipping_address": mapping.shipping_address(address)},
    )
