"""From a dialogue decision to the words the customer reads (the answering half of a turn)."""

from __future__ import annotations

from collections.abc import Callable

from opsdesk.assistant.answers import catalogue, changes, money, returning, tracking
from opsdesk.assistant.answers.reply import Answer, Context, Reply
from opsdesk.assistant.dialogue import Decision, DialogueState, Step, Turn, expect
from opsdesk.assistant.nlu import Intent

OrderAnswer = Callable[[Context, int], Reply]

_ORDER_REPLIES: dict[str, OrderAnswer] = {
    Intent.TRACK_ORDER: tracking.track_order,
    Intent.TRACK_REFUND: lambda ctx, oid: money.refund_status(ctx, oid, with_policy=False),
    Intent.GET_REFUND: lambda ctx, oid: money.refund_status(ctx, oid, with_policy=True),
    Intent.GET_INVOICE: money.invoice_link,
    Intent.CHECK_INVOICE: money.invoice_link,
}
_SMALL_TALK = {Intent.GREETING: "greeting", Intent.THANKS: "thanks", Intent.GOODBYE: "goodbye"}


def _ask(ctx: Context, key: str, **values: object) -> Reply:
    return Reply(offer_team=False).add(ctx.say(key, **values))


def respond(ctx: Context, state: DialogueState, decision: Decision, turn: Turn) -> Answer:
    """The reply to every step but verify, hand over and relay (those need the chat shell)."""
    step = decision.step
    if step is Step.ANSWER:
        return answer_intent(ctx, state, decision, turn)
    if step is Step.PERFORM and decision.action is not None:
        return Answer(changes.perform(ctx, decision.action), state)
    if step is Step.DECLINED and decision.action is not None:
        return Answer(changes.declined(ctx, decision.action), state)
    if step is Step.ASK_CONFIRMATION and decision.action is not None:
        return Answer(changes.confirm_address(ctx, decision.action), state)
    if step is Step.CLARIFY:
        return _clarify(ctx, state, turn)
    simple = {
        Step.ASK_ORDER_NUMBER: lambda: _ask(ctx, "ask_order_number"),
        Step.ASK_CONTACT: lambda: _ask(ctx, "ask_contact", number=decision.number or ""),
        Step.VERIFICATION_FAILED: lambda: _ask(ctx, "verification_failed"),
        Step.LOCKED: lambda: Reply().add(ctx.say("locked")),
        Step.ASK_ADDRESS: lambda: changes.ask_address_again(ctx, state),
    }
    return Answer(simple.get(step, lambda: Reply().add(ctx.say("clarify")))(), state)


def _clarify(ctx: Context, state: DialogueState, turn: Turn) -> Answer:
    """Unsure of the intent: a knowledge-base article sharing the question's words, else ask."""
    reply = Reply()
    if money.add_policy(ctx, reply, intent="", question=turn.text):
        return Answer(reply, state.with_(low_confidence_streak=0))
    return Answer(reply.add(ctx.say("clarify")), state)


def answer_intent(ctx: Context, state: DialogueState, decision: Decision, turn: Turn) -> Answer:
    intent, order_id = decision.intent or "", decision.order_id
    if order_id is not None:
        if intent == Intent.CANCEL_ORDER:
            return changes.offer_cancellation(ctx, state, order_id)
        if intent == Intent.CHANGE_SHIPPING_ADDRESS:
            return changes.offer_address_change(ctx, state, order_id)
        if intent == Intent.START_RETURN:
            return returning.offer_return(ctx, state, order_id, turn)
        if intent in _ORDER_REPLIES:
            return Answer(_ORDER_REPLIES[intent](ctx, order_id), state)
    if intent in _SMALL_TALK:
        key = _SMALL_TALK[Intent(intent)]
        return Answer(Reply(offer_team=key != "goodbye").add(ctx.say(key, name=ctx.name)), state)
    if intent in (Intent.DELIVERY_PERIOD, Intent.DELIVERY_OPTIONS):
        return Answer(_delivery(ctx, state, intent, turn), state)
    if intent == Intent.CHECK_STOCK:
        return _stock(ctx, state, turn)
    reply = Reply()
    if not money.add_policy(ctx, reply, intent=intent, question=turn.text):
        reply.add(ctx.say("no_article"))
    return Answer(reply, state)


def _delivery(ctx: Context, state: DialogueState, intent: str, turn: Turn) -> Reply:
    where = catalogue.destination(ctx, state.verified_order_id, state.customer_id)
    reply = catalogue.delivery_dates(ctx, where)
    if intent == Intent.DELIVERY_OPTIONS or not reply.paragraphs:
        money.add_policy(ctx, reply, intent=intent, question=turn.text)
    return reply


def _stock(ctx: Context, state: DialogueState, turn: Turn) -> Answer:
    product = catalogue.find_product(ctx, turn.text)
    if product is not None:
        where = catalogue.destination(ctx, state.verified_order_id, state.customer_id)
        return Answer(catalogue.stock_answer(ctx, product, where), state)
    if turn.intent == Intent.CHECK_STOCK:
        return Answer(_ask(ctx, "stock_ask"), expect(state, Intent.CHECK_STOCK.value))
    query = " ".join(turn.text.split())[:60]
    return Answer(Reply().add(ctx.say("stock_unknown", query=query)), state)
