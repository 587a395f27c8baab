"""Each ticket action as one call into the owning module's service, returning the facts
for the note and the reply. The order services write the timeline and the events."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from opsdesk import customers, notifications, orders, promotions, returns
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.http import Role
from opsdesk.support import macro_text
from opsdesk.support.actions import drafts
from opsdesk.support.actions.schemas import (
    ActionKind,
    CancelLines,
    CancelOrder,
    ChangeAddress,
    IssueDiscount,
    RecordRefund,
    Reship,
    StartReturn,
    UpgradeShipping,
)
from opsdesk.support.models import Ticket

K = ActionKind


@dataclass(frozen=True)
class Context:
    session: Session
    ticket: Ticket
    order: orders.Order | None
    customer: customers.Customer | None
    actor: str
    now: datetime
    voice: notifications.StoreVoice
    default_timezone: str
    role: Role | None = None  # whose discount caps apply


@dataclass(frozen=True)
class Done:
    facts: drafts.Facts
    fields: dict[str, Any] = field(default_factory=dict)
    charge: str = ""


def _invalid(field_name: str, reason: str) -> InvalidInput:
    return InvalidInput(
        f"{field_name}: {reason}", details={"errors": [{"field": field_name, "reason": reason}]}
    )


def _order(ctx: Context) -> orders.Order:
    assert ctx.order is not None, "the service resolves the order of order actions"
    return ctx.order


def _items(order: orders.Order, quantities: Mapping[int, int]) -> tuple[tuple[str, int], ...]:
    names = {line.id: line.title or line.sku for line in order.lines}
    return tuple((names.get(line_id, str(line_id)), q) for line_id, q in quantities.items())


def cancel_order(ctx: Context, action: CancelOrder) -> Done:
    order = orders.cancel_order(ctx.session, _order(ctx).id, actor=ctx.actor,
                                reason=action.reason, now=ctx.now)  # fmt: skip
    return Done(drafts.Facts(K.CANCEL_ORDER, ctx.actor, order.number, action.reason))


def cancel_lines(ctx: Context, action: CancelLines) -> Done:
    before = _order(ctx)
    open_units = {ln.id: ln.quantity - ln.quantity_cancelled - ln.quantity_shipped
                  for ln in before.lines}  # fmt: skip
    order = orders.cancel_order(ctx.session, before.id, actor=ctx.actor, reason=action.reason,
                                line_ids=action.line_ids, now=ctx.now)  # fmt: skip
    chosen = {i: open_units.get(i, 0) for i in sorted(set(action.line_ids))}
    items = _items(order, chosen)
    return Done(drafts.Facts(K.CANCEL_LINES, ctx.actor, order.number, action.reason, items=items))


def reship(ctx: Context, action: Reship) -> Done:
    original = _order(ctx)
    quantities = action.quantities()
    replacement = orders.reship(
        ctx.session, original.id, quantities, actor=ctx.actor, reason=action.reason,
        note=action.note, address=action.shipping_address, now=ctx.now,
    )  # fmt: skip
    facts = drafts.Facts(K.RESHIP, ctx.actor, original.number, action.reason.value,
                         items=_items(original, quantities),
                         replacement_number=replacement.number)  # fmt: skip
    fields = {"replacement_order_id": replacement.id,
              "replacement_order_number": replacement.number}  # fmt: skip
    return Done(facts, fields)


def start_return(ctx: Context, action: StartReturn) -> Done:
    order = _order(ctx)
    quantities = action.quantities()
    rma = returns.request_return(
        ctx.session, order_id=order.id, lines=quantities, reason=action.reason,
        note=action.note, actor=ctx.actor, now=ctx.now,
    )  # fmt: skip
    facts = drafts.Facts(K.START_RETURN, ctx.actor, order.number, action.reason.value,
                         items=_items(order, quantities), return_number=rma.number)  # fmt: skip
    return Done(facts, {"return_id": rma.id, "return_number": rma.number})


def upgrade_shipping(ctx: Context, action: UpgradeShipping) -> Done:
    order = orders.upgrade_shipping(
        ctx.session, _order(ctx).id, action.service_level, actor=ctx.actor,
        reason=action.reason, charge_minor=action.charge_minor, now=ctx.now,
    )  # fmt: skip
    promised = order.promised_delivery_date
    facts = drafts.Facts(K.UPGRADE_SHIPPING, ctx.actor, order.number, action.reason,
                         service_level=action.service_level, promised=promised)  # fmt: skip
    charge = ""
    if action.charge_minor:
        charge = drafts.money(action.charge_minor, order.currency, macro_text.babel_locale("en"))
    return Done(facts, {"promised_delivery_date": promised}, charge=charge)


def change_address(ctx: Context, action: ChangeAddress) -> Done:
    address = action.shipping_address
    order = orders.update_shipping_address(ctx.session, _order(ctx).id, address,
                                           actor=ctx.actor, reason=action.reason, now=ctx.now)  # fmt: skip
    place = f"{order.ship_postal_code} {order.ship_city}".strip()  # the code as normalised
    where = ", ".join(p for p in (order.ship_line1, order.ship_line2, place) if p)
    promised = order.promised_delivery_date
    facts = drafts.Facts(K.CHANGE_ADDRESS, ctx.actor, order.number, action.reason, town=where,
                         promised=promised)  # fmt: skip
    return Done(facts, {"promised_delivery_date": promised})


def record_refund(ctx: Context, action: RecordRefund) -> Done:
    order = _order(ctx)
    if action.return_id is not None:
        rma = returns.get_return(ctx.session, action.return_id)
        if rma.order_id != order.id:
            raise _invalid("return_id", f"return {rma.number} is not of order {order.number}")
    refund = returns.record_refund(
        ctx.session, order_id=order.id, amount_minor=action.amount_minor,
        currency=(action.currency or order.currency).upper(), reason=action.reason,
        actor=ctx.actor, return_id=action.return_id, now=ctx.now,
    )  # fmt: skip
    facts = drafts.Facts(K.RECORD_REFUND, ctx.actor, order.number, action.reason,
                         amount_minor=refund.amount_minor, currency=refund.currency)  # fmt: skip
    return Done(facts, {"refund_id": refund.id})


def issue_discount(ctx: Context, action: IssueDiscount) -> Done:
    """A real, single-use code for the ticket's customer, and the e-mail that sends it;
    above the agent's caps the code waits for a lead and nothing is sent yet."""
    if ctx.customer is None:
        raise _invalid("kind", "the ticket has no customer to give a discount code to")
    currency = (action.currency or (ctx.order.currency if ctx.order else "")).upper() or None
    if action.discount_kind == "amount" and currency is None:
        raise _invalid("currency", "an amount needs a currency (or an order to take it from)")
    expires_at = action.expires_at or ctx.now + timedelta(days=action.valid_days)
    code = promotions.issue_code(
        ctx.session, kind=action.discount_kind, value=action.value, currency=currency,
        expires_at=expires_at, max_redemptions=1, customer_id=ctx.customer.id,
        max_discount_minor=action.max_discount_minor, reason=action.reason,
        reason_code=action.reason_code, source=promotions.DiscountSource.AGENT,
        issued_by=ctx.actor, issuer_role=ctx.role,
        reference=promotions.CodeReference(
            ticket_id=ctx.ticket.id, order_reference=ctx.order.number if ctx.order else None),
        now=ctx.now,
    )  # fmt: skip
    pending = code.status is promotions.DiscountStatus.PENDING
    zone = macro_text.time_zone(ctx.customer.timezone, ctx.default_timezone)
    facts = drafts.Facts(
        K.ISSUE_DISCOUNT, ctx.actor, ctx.order.number if ctx.order else "", action.reason,
        code=code.code, amount_minor=action.value if action.discount_kind == "amount" else 0,
        currency=currency or "", percent_bp=action.value if action.discount_kind == "percent"
        else 0, expires=macro_text.local_day(code.expires_at, zone),
        pending_because=(code.approval_needed or "above the caps") if pending else "",
    )  # fmt: skip
    message = None if pending else send_code(ctx, code, facts)
    if ctx.order is not None:
        orders.add_timeline_event(
            ctx.session, ctx.order.id, kind="discount.issued", actor=ctx.actor,
            summary=f"Discount code {code.code} {'requested' if pending else 'issued'} by "
            f"{ctx.actor}: {action.reason}",
            data={"code_id": code.id, "ticket_id": ctx.ticket.id, "status": code.status.value},
            occurred_at=ctx.now,
        )  # fmt: skip
    return Done(facts, {"discount_code": code.code, "discount_code_id": code.id,
                        "discount_expires_at": code.expires_at,
                        "discount_status": code.status.value,
                        "customer_message_id": message.id if message else None})  # fmt: skip


def send_code(
    ctx: Context, code: promotions.DiscountCode, facts: drafts.Facts
) -> notifications.Message:
    assert ctx.customer is not None
    locale = macro_text.babel_locale(ctx.customer.locale, ctx.voice.default_locale)
    amount: object = (
        notifications.Money(facts.amount_minor, facts.currency)
        if facts.amount_minor
        else drafts.discount_words(facts, locale)
    )
    context = {"customer_first_name": ctx.customer.first_name or ctx.ticket.requester_name,
               "code": code.code, "amount": amount, "expires_date": facts.expires}  # fmt: skip
    return notifications.queue_for_customer(
        ctx.session, message_type=notifications.MessageType.DISCOUNT_CODE,
        customer_id=ctx.customer.id, context=context, cause=f"discount-code:{code.id}",
        voice=ctx.voice, order_id=ctx.order.id if ctx.order else None, now=ctx.now,
    )  # fmt: skip


STEPS: Mapping[ActionKind, Callable[[Context, Any], Done]] = {
    K.CANCEL_ORDER: cancel_order,
    K.CANCEL_LINES: cancel_lines,
    K.RESHIP: reship,
    K.START_RETURN: start_return,
    K.UPGRADE_SHIPPING: upgrade_shipping,
    K.CHANGE_ADDRESS: change_address,
    K.ISSUE_DISCOUNT: issue_discount,
    K.RECORD_REFUND: record_refund,
}
