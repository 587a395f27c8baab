"""The chat's gate to an order: the guarded check, and the e-mailed code before a change.

The dialogue policy decides *that* the order must be checked or a code sent; this shell
does it against the database and hands the outcome back to the policy:

- the check of number + e-mail or postal code is limited per order number and per client
  address across sessions and processes (``tracking.check_order``, shared with the
  tracking page's lookup); a signed-in customer's own orders need no check;
- a match by what the customer typed gives *read* access; a change first needs the code
  e-mailed to the order's address (``proof``, ``notices``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import notifications, orders, tracking
from opsdesk.assistant.answers import Context, Reply
from opsdesk.assistant.chat import notices, proof
from opsdesk.assistant.dialogue import (
    Access,
    Decision,
    DialogueState,
    Step,
    after_code_check,
    after_verification,
    code_sent,
    verification_paused,
)
from opsdesk.assistant.nlu import Intent


def verify(session: Session, state: DialogueState, decision: Decision, *, client: str,
           now: datetime) -> tuple[DialogueState, Decision]:  # fmt: skip
    intent = decision.intent or ""
    if state.customer_id is not None:  # signed in on the shop: their own orders, proven
        order_id = _own_order(session, state.customer_id, decision.number)
        number = orders.read_order(session, order_id).number if order_id is not None else None
        return after_verification(state, intent, order_id, number, access=Access.PROVEN)
    if decision.number is None or decision.contact is None:
        return after_verification(state, intent, None)
    check = tracking.check_order(session, number=decision.number, contact=decision.contact,
                                 client=client, now=now)  # fmt: skip
    if check.paused:
        return verification_paused(state, intent, check.wait_seconds)
    number = orders.read_order(session, check.order_id).number if check.order_id else None
    return after_verification(state, intent, check.order_id, number, access=Access.READ)


def _own_order(session: Session, customer_id: int, number: str | None) -> int | None:
    query = sa.select(orders.Order.id).where(orders.Order.customer_id == customer_id)
    if number is not None:
        query = query.where(orders.Order.number == number.strip().lstrip("#").upper())
    return session.scalar(query.order_by(orders.Order.placed_at.desc()).limit(1))


def without_code_if_nothing_to_change(
    session: Session, state: DialogueState, decision: Decision
) -> tuple[DialogueState, Decision]:
    """A code only where the change could happen: a shipped order is told so at once."""
    order_id, intent = decision.order_id, decision.intent
    if decision.step is not Step.SEND_CODE or order_id is None:
        return state, decision
    status = orders.read_order(session, order_id).status
    if intent == Intent.CANCEL_ORDER:
        possible = status in orders.CANCELLABLE
    else:
        possible = orders.is_allowed(orders.OrderAction.CHANGE_ADDRESS, status)
    if possible:
        return state, decision
    answer = Decision(Step.ANSWER, intent=intent, order_id=order_id)
    return state.with_(pending_intent=None), answer


def send_code(ctx: Context, voice: notifications.StoreVoice, *, chat_id: int,
              state: DialogueState, decision: Decision) -> tuple[Reply, DialogueState]:  # fmt: skip
    """E-mail the code and say where it went; without an address a person takes over."""
    order_id = decision.order_id
    assert order_id is not None
    mail = notices.mail_code(ctx.session, voice, ctx.store.secret_key, chat_id=chat_id,
                             order_id=order_id, now=ctx.now)  # fmt: skip
    if mail.sent_to is not None:
        text = ctx.say("code_sent", email=mail.sent_to, minutes=proof.CODE_MINUTES)
        return Reply(offer_team=False).add(text), code_sent(state, order_id)
    stopped = state.with_(pending_intent=None)
    if mail.wait_seconds:
        return paused(ctx, mail.wait_seconds), stopped
    return Reply().add(ctx.say("code_unavailable")), stopped


def check_code(session: Session, secret: str, *, chat_id: int, state: DialogueState,
               decision: Decision, now: datetime) -> tuple[DialogueState, Decision]:  # fmt: skip
    order_id, code = decision.order_id, decision.code
    assert order_id is not None
    assert code is not None
    checked = proof.check(session, secret, chat_id=chat_id, order_id=order_id, code=code, now=now)
    return after_code_check(state, accepted=checked.accepted, spent=checked.spent)


def paused(ctx: Context, wait_seconds: int) -> Reply:
    """Checks are paused for this order or client: when to try again, in their time zone."""
    until = ctx.voice.moment(ctx.now + timedelta(seconds=wait_seconds))
    return Reply().add(ctx.say("verification_paused", time=until))


def proof_reply(ctx: Context, decision: Decision) -> Reply | None:
    """The words for the gate's own steps; None for every other step."""
    if decision.step is Step.VERIFICATION_PAUSED:
        return paused(ctx, decision.wait_seconds)
    keys = {Step.ASK_CODE: "code_ask", Step.CODE_WRONG: "code_wrong",
            Step.CODE_SPENT: "code_spent"}  # fmt: skip
    key = keys.get(decision.step)
    return Reply(offer_team=decision.step is Step.CODE_SPENT).add(ctx.say(key)) if key else None
