"""Cancelling an order and changing its delivery address from the chat.

Offering is separate from doing: ``offer_*`` checks the order's state and asks the
customer (or explains why not and what to do instead); ``cancel``/``change_address``
run only after the dialogue policy saw a "yes". Each change runs in a savepoint, so a
refusal found under the row lock leaves nothing half-written.
"""

from __future__ import annotations

from pydantic import ValidationError

from opsdesk import orders, shipping
from opsdesk.assistant.answers import addresses, returning
from opsdesk.assistant.answers.reply import Answer, Context, Reply
from opsdesk.assistant.answers.tracking import order_page_url, status_sentence
from opsdesk.assistant.dialogue import (
    ActionKind,
    DialogueState,
    PendingAction,
    ask_for_address,
    propose,
)
from opsdesk.kernel.errors import OpsDeskError

ACTOR = "assistant:chat"
REASON = "customer request in chat"
SHIPPED = frozenset({"partially_shipped", "shipped", "delivered"})


def offer_cancellation(ctx: Context, state: DialogueState, order_id: int) -> Answer:
    order = orders.read_order(ctx.session, order_id)
    if order.status in orders.CANCELLABLE:
        action = PendingAction(ActionKind.CANCEL_ORDER, order_id)
        reply = Reply(offer_team=False).add(ctx.say("cancel_confirm", number=order.number))
        return Answer(reply, propose(state, action))
    if order.status.value in SHIPPED:
        url = order_page_url(ctx, order_id)
        reply = Reply().add(ctx.say("cancel_too_late", number=order.number, url=url))
        return Answer(reply.link("return", url), state)
    return Answer(Reply().add(status_sentence(ctx, order)), state)


def offer_address_change(ctx: Context, state: DialogueState, order_id: int) -> Answer:
    order = orders.read_order(ctx.session, order_id)
    if orders.is_allowed(orders.OrderAction.CHANGE_ADDRESS, order.status):
        typed = addresses.offer_typed(ctx, state, order_id)
        if typed is not None:
            return typed
        reply = Reply(offer_team=False).add(ctx.say("address_ask", number=order.number))
        return Answer(reply, ask_for_address(state, order_id,
                                             country=order.shipping_address.country))  # fmt: skip
    if order.status.value in ("partially_shipped", "shipped"):
        parcels = shipping.shipments_for_order(ctx.session, order_id)
        url = (parcels[-1].tracking_url if parcels else "") or order_page_url(ctx, order_id)
        reply = Reply().add(ctx.say("address_too_late", number=order.number, url=url))
        return Answer(reply.link("carrier", url), state)
    return Answer(Reply().add(status_sentence(ctx, order)), state)


def ask_address_again(ctx: Context, state: DialogueState) -> Reply:
    return addresses.ask_again(ctx, state)


def confirm_address(ctx: Context, action: PendingAction) -> Reply:
    order = orders.read_order(ctx.session, action.order_id)
    address = addresses.one_line(action.address or {}, order.shipping_address.country)
    text = ctx.say("address_confirm", number=order.number, address=address)
    return Reply(offer_team=False).add(text)


def format_address(address: dict[str, object], country: str | None = None) -> str:
    return addresses.one_line(address, country)


def perform(ctx: Context, action: PendingAction) -> Reply:
    """Carry out a confirmed change; a refusal (the order moved on meanwhile) is explained."""
    try:
        with ctx.session.begin_nested():
            if action.kind is ActionKind.CANCEL_ORDER:
                return _cancel(ctx, action.order_id)
            if action.kind is ActionKind.START_RETURN:
                return returning.start(ctx, action)
            return _change_address(ctx, action)
    except (OpsDeskError, ValidationError):
        order = orders.read_order(ctx.session, action.order_id)
        return Reply().add(ctx.say("action_failed", reason=status_sentence(ctx, order)))


def _cancel(ctx: Context, order_id: int) -> Reply:
    order = orders.cancel_order(ctx.session, order_id, actor=ACTOR, reason=REASON, now=ctx.now)
    return Reply(done=True).add(ctx.say("cancel_done", number=order.number))


def _change_address(ctx: Context, action: PendingAction) -> Reply:
    current = orders.read_order(ctx.session, action.order_id).shipping_address
    given = action.address or {}
    address = orders.ShippingAddress(
        name=current.name,
        line1=str(given["line1"]),
        line2=str(given.get("line2") or ""),
        city=str(given["city"]),
        postal_code=str(given["postal_code"]),
        country=str(given.get("country") or current.country),
        region=str(given.get("region") or "")
        or ("" if given.get("postal_code") != current.postal_code else current.region),
    )
    order = orders.update_shipping_address(ctx.session, action.order_id, address, actor=ACTOR,
                                           reason=REASON, now=ctx.now)  # fmt: skip
    reply = Reply(done=True).add(ctx.say("address_done", number=order.number,
                                address=format_address(given, current.country)))  # fmt: skip
    if order.promised_delivery_date:
        reply.add(ctx.say("expected_by", date=ctx.voice.day(order.promised_delivery_date)))
    return reply


def declined(ctx: Context, action: PendingAction) -> Reply:
    order = orders.read_order(ctx.session, action.order_id)
    return Reply().add(ctx.say("declined", number=order.number))
