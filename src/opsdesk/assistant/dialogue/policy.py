"""The dialogue policy: state and one customer turn in, the next step out. No I/O.

Invariants this module keeps, whatever the customer types:

- an order is only talked about once it is verified — by the signed-in customer owning
  it, a signed tracking link, or its number plus the e-mail or delivery postal code —
  and after :data:`MAX_VERIFICATION_ATTEMPTS` failures the chat stops trying;
- nothing changes (cancel, new address) without a proposal the customer answered "yes"
  to in the very next message; anything else drops the proposal;
- a number plus e-mail or postal code only lets the customer *read* the order: a change
  first needs the one-time code e-mailed to the order's address (``proof``), unless the
  customer is signed in or came through a link we e-mailed;
- a person takes over when asked for, when the assistant failed to understand twice in a
  row, on a complaint or an angry message, and when an action needs a person.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from opsdesk.assistant.dialogue import address_turns, proof, reasons, signals
from opsdesk.assistant.dialogue.state import (
    Access,
    ActionKind,
    DialogueState,
    PendingAction,
    ReturnDraft,
    Turn,
)
from opsdesk.assistant.nlu import Intent

MAX_VERIFICATION_ATTEMPTS = 3
CONFIDENT = 0.5  # below this the intent is a guess
LOW_CONFIDENCE_TURNS_BEFORE_HANDOVER = 2

HUMAN_INTENTS = frozenset({Intent.CONTACT_HUMAN_AGENT, Intent.CONTACT_CUSTOMER_SERVICE})
# Requests the assistant cannot settle alone: a person must look at them.
NEEDS_PERSON = frozenset(
    {Intent.CHANGE_ORDER, Intent.REPORT_DAMAGED_ITEM, Intent.REPORT_WRONG_ITEM,
     Intent.PAYMENT_ISSUE, Intent.DELETE_ACCOUNT}
)  # fmt: skip
# Answers that reveal or change one order: only after verification.
ORDER_INTENTS = frozenset(
    {Intent.TRACK_ORDER, Intent.CANCEL_ORDER, Intent.CHANGE_SHIPPING_ADDRESS,
     Intent.TRACK_REFUND, Intent.GET_REFUND, Intent.GET_INVOICE, Intent.CHECK_INVOICE,
     Intent.START_RETURN}
)  # fmt: skip
# Readings of an answer to "which item?" / "why?" that keep a return being put together.
RETURN_DETAIL_INTENTS = frozenset(
    {Intent.START_RETURN, Intent.CHECK_STOCK, Intent.GET_REFUND, Intent.CHECK_REFUND_POLICY}
)
MAX_RETURN_WORDS = 500  # the customer's words kept as the return's note


class Step(enum.StrEnum):
    ANSWER = "answer"  # answer ``intent`` (about ``order_id`` when set)
    ASK_ORDER_NUMBER = "ask_order_number"
    ASK_CONTACT = "ask_contact"
    VERIFY = "verify"  # the shell checks number + contact, then calls ``after_verification``
    VERIFICATION_FAILED = "verification_failed"
    VERIFICATION_PAUSED = "verification_paused"  # too many checks of this order or client
    SEND_CODE = "send_code"  # the shell e-mails a one-time code, then calls ``code_sent``
    ASK_CODE = "ask_code"
    CHECK_CODE = "check_code"  # the shell checks ``code``, then calls ``after_code_check``
    CODE_WRONG = "code_wrong"
    CODE_SPENT = "code_spent"  # expired or out of attempts: ask for the change again
    LOCKED = "locked"
    ASK_ADDRESS = "ask_address"
    ASK_CONFIRMATION = "ask_confirmation"
    PERFORM = "perform"  # carry out ``action``: the customer said yes
    DECLINED = "declined"
    CLARIFY = "clarify"
    HANDOVER = "handover"
    RELAY = "relay"  # a person has the chat: the message goes to the ticket


class HandoverReason(enum.StrEnum):
    REQUESTED = "requested"
    NOT_UNDERSTOOD = "not_understood"
    COMPLAINT = "complaint"
    NEEDS_PERSON = "needs_person"


@dataclass(frozen=True)
class Decision:
    step: Step
    intent: str | None = None
    order_id: int | None = None
    action: PendingAction | None = None
    reason: HandoverReason | None = None
    number: str | None = None
    contact: str | None = None
    code: str | None = None
    wait_seconds: int = 0


def handover_priority(reason: HandoverReason, intent: str | None) -> str:
    """Support priority of the ticket a handover opens."""
    if reason is HandoverReason.COMPLAINT or intent in {
        Intent.REPORT_DAMAGED_ITEM, Intent.REPORT_WRONG_ITEM, Intent.PAYMENT_ISSUE
    }:  # fmt: skip
        return "high"
    return "low" if reason is HandoverReason.NOT_UNDERSTOOD else "medium"


def decide(state: DialogueState, turn: Turn) -> tuple[DialogueState, Decision]:
    """The next step for ``turn``, and the state to keep for the turn after it."""
    state = state.with_(language=turn.language or state.language)
    if state.handed_over:
        return state, Decision(Step.RELAY)
    if state.awaiting_confirmation is not None:
        answered = _confirmation(state, turn)
        if answered is not None:
            return answered
        state = state.with_(awaiting_confirmation=None)
    if state.awaiting_address_for is not None:
        address_step = _new_address(state, turn)
        if address_step is not None:
            return address_step
        state = state.with_(awaiting_address_for=None, address_draft=None)
    if state.awaiting_code_for is not None:
        code_step = _code(state, turn)
        if code_step is not None:
            return code_step
        state = state.with_(awaiting_code_for=None, pending_intent=None)
    handover = _handover(state, turn)
    if handover is not None:
        return handover
    if state.return_draft is not None and state.return_draft.order_id is not None:
        detail = _return_detail(state, state.return_draft.order_id, turn)
        if detail is not None:
            return detail
        state = state.with_(return_draft=None)
    return _route(_fill_slots(state, turn), turn)


def _confirmation(state: DialogueState, turn: Turn) -> tuple[DialogueState, Decision] | None:
    pending = state.awaiting_confirmation
    assert pending is not None
    if not proof.may_perform(state, pending.kind):
        return None  # proposed before proof (an older chat): drop it, never perform it
    if signals.is_yes(turn.text):
        done = state.with_(awaiting_confirmation=None, low_confidence_streak=0)
        return done, Decision(Step.PERFORM, intent=_action_intent(pending), action=pending,
                              order_id=pending.order_id)  # fmt: skip
    if signals.is_no(turn.text):
        done = state.with_(awaiting_confirmation=None, low_confidence_streak=0)
        return done, Decision(Step.DECLINED, intent=_action_intent(pending), action=pending,
                              order_id=pending.order_id)  # fmt: skip
    return None


def _action_intent(action: PendingAction) -> str:
    if action.kind is ActionKind.CANCEL_ORDER:
        return Intent.CANCEL_ORDER.value
    if action.kind is ActionKind.START_RETURN:
        return Intent.START_RETURN.value
    return Intent.CHANGE_SHIPPING_ADDRESS.value


def _new_address(state: DialogueState, turn: Turn) -> tuple[DialogueState, Decision] | None:
    order_id = state.awaiting_address_for
    assert order_id is not None
    typed = address_turns.read_reply(state, turn)
    address = typed.reading.address
    if address is not None:
        action = PendingAction(ActionKind.CHANGE_ADDRESS, order_id, address.as_dict())
        waiting = state.with_(awaiting_address_for=None, awaiting_confirmation=action,
                              address_draft=None)  # fmt: skip
        return waiting, Decision(Step.ASK_CONFIRMATION, intent=_action_intent(action),
                                 order_id=order_id, action=action)  # fmt: skip
    if signals.is_no(turn.text) or (_is_confident(turn) and not typed.reading.found_anything):
        return None  # the customer moved on: forget the address question
    asking = state.with_(address_draft=typed.text[:1000] if typed.reading.found_anything else None)
    return asking, Decision(Step.ASK_ADDRESS, intent=Intent.CHANGE_SHIPPING_ADDRESS.value,
                            order_id=order_id)  # fmt: skip


def _code(state: DialogueState, turn: Turn) -> tuple[DialogueState, Decision] | None:
    order_id, intent = state.awaiting_code_for, state.pending_intent
    code = proof.find_code(turn.text)
    if code is not None:
        return state, Decision(Step.CHECK_CODE, intent=intent, order_id=order_id, code=code)
    if signals.is_no(turn.text) or _is_confident(turn):
        return None  # the customer moved on
    return state, Decision(Step.ASK_CODE, intent=intent, order_id=order_id)


def _return_detail(
    state: DialogueState, order_id: int, turn: Turn
) -> tuple[DialogueState, Decision] | None:
    """The item or the reason of the return being put together, unless the customer moved on."""
    moved_on = _is_confident(turn) and turn.intent not in RETURN_DETAIL_INTENTS
    if reasons.read_reason(turn.text) is None and (signals.is_no(turn.text) or moved_on):
        return None
    return state, Decision(Step.ANSWER, intent=Intent.START_RETURN.value, order_id=order_id)


def _return_for_person(state: DialogueState, turn: Turn) -> str | None:
    """A return of a damaged or wrong item goes to a person: the handover's intent, if so."""
    asked = _is_confident(turn) and turn.intent == Intent.START_RETURN
    drafting = state.return_draft is not None and state.return_draft.order_id is not None
    return reasons.person_intent(turn.text) if asked or drafting else None


def _is_confident(turn: Turn) -> bool:
    return turn.intent != Intent.OUT_OF_SCOPE and turn.confidence >= CONFIDENT


def _handover(state: DialogueState, turn: Turn) -> tuple[DialogueState, Decision] | None:
    confident, intent = _is_confident(turn), turn.intent
    if confident and turn.intent in HUMAN_INTENTS:
        reason = HandoverReason.REQUESTED
    elif (confident and turn.intent == Intent.COMPLAINT) or signals.read_anger(turn.text).is_angry:
        reason = HandoverReason.COMPLAINT
    elif confident and turn.intent in NEEDS_PERSON:
        reason = HandoverReason.NEEDS_PERSON
    elif (damage := _return_for_person(state, turn)) is not None:
        reason, intent = HandoverReason.NEEDS_PERSON, damage
    else:
        return None
    return _hand_over(state, reason, intent)


def _hand_over(
    state: DialogueState, reason: HandoverReason, intent: str | None
) -> tuple[DialogueState, Decision]:
    done = state.with_(handed_over=True, pending_intent=None, low_confidence_streak=0,
                       return_draft=None)  # fmt: skip
    return done, Decision(Step.HANDOVER, intent=intent, reason=reason,
                          order_id=state.verified_order_id)  # fmt: skip


def _fill_slots(state: DialogueState, turn: Turn) -> DialogueState:
    changes: dict[str, object] = {}
    if turn.order_numbers:
        changes["order_number"] = turn.order_numbers[0]
    typed = address_turns.address_in_request(state, turn, confident=_is_confident(turn))
    contact = turn.contact
    if typed is not None:  # the new address's postal code proves nothing about the order
        changes["address_draft"] = typed.text[:1000]
        contact = address_turns.contact_besides(turn, typed.reading)
    if contact:
        changes["contact"] = contact
    return state.with_(**changes) if changes else state


def effective_intent(state: DialogueState, turn: Turn) -> str | None:
    """What the turn asks for, reading it in the light of the conversation so far.

    A bare order number or e-mail answers the question asked before; an order number with
    an unsure or stock-like reading is a tracking question (order numbers look like SKUs).
    """
    confident = _is_confident(turn)
    beside = (*turn.order_numbers, *turn.emails, *turn.postal_codes)
    answers = turn.brings_slots and (not _order(turn) or signals.is_mostly(turn.text, beside))
    if state.pending_intent and (not confident or answers):
        return state.pending_intent
    if turn.order_numbers and (not confident or turn.intent == Intent.CHECK_STOCK):
        return Intent.TRACK_ORDER.value
    return turn.intent if confident else None


def _order(turn: Turn) -> bool:
    return turn.intent in ORDER_INTENTS


def _route(state: DialogueState, turn: Turn) -> tuple[DialogueState, Decision]:
    intent = effective_intent(state, turn)
    if intent is None:
        if turn.brings_slots and state.pending_intent is None:
            intent = Intent.TRACK_ORDER.value  # "OD-… / my e-mail": what else would it be
        else:
            return _not_understood(state, turn)
    state = state.with_(low_confidence_streak=0)
    if intent == Intent.START_RETURN and turn.intent == Intent.START_RETURN:
        state = state.with_(return_draft=ReturnDraft(note=turn.text[:MAX_RETURN_WORDS]))
    if intent in ORDER_INTENTS:
        return _order_step(state, intent)
    return state.with_(pending_intent=None), Decision(Step.ANSWER, intent=intent)


def _not_understood(state: DialogueState, turn: Turn) -> tuple[DialogueState, Decision]:
    streak = state.low_confidence_streak + 1
    if streak >= LOW_CONFIDENCE_TURNS_BEFORE_HANDOVER:
        return _hand_over(state, HandoverReason.NOT_UNDERSTOOD, turn.intent)
    return state.with_(low_confidence_streak=streak), Decision(Step.CLARIFY, intent=turn.intent)


def _order_step(state: DialogueState, intent: str) -> tuple[DialogueState, Decision]:
    number = state.order_number
    verified = state.verified_order_id
    same_order = number is None or _same_number(number, state.verified_number)
    if verified is not None and same_order:
        answer = state.with_(pending_intent=None, order_number=None, contact=None)
        if proof.needs_proof(state, intent):
            return _send_code(answer, intent, verified)
        return answer, Decision(Step.ANSWER, intent=intent, order_id=verified)
    if state.failed_verifications >= MAX_VERIFICATION_ATTEMPTS:
        return state.with_(pending_intent=None), Decision(Step.LOCKED, intent=intent)
    waiting = state.with_(pending_intent=intent)
    if state.customer_id is not None:
        return waiting, Decision(Step.VERIFY, intent=intent, number=number)
    if number is None:
        return waiting, Decision(Step.ASK_ORDER_NUMBER, intent=intent)
    if state.contact is None:
        return waiting, Decision(Step.ASK_CONTACT, intent=intent, number=number)
    return waiting, Decision(Step.VERIFY, intent=intent, number=number, contact=state.contact)


def _same_number(a: str, b: str | None) -> bool:
    return b is not None and a.strip().lstrip("#").upper() == b.strip().lstrip("#").upper()


def _send_code(state: DialogueState, intent: str, order_id: int) -> tuple[DialogueState, Decision]:
    return state.with_(pending_intent=intent), Decision(Step.SEND_CODE, intent=intent,
                                                        order_id=order_id)  # fmt: skip


def after_verification(
    state: DialogueState, intent: str, order_id: int | None, number: str | None = None,
    access: Access = Access.READ,
) -> tuple[DialogueState, Decision]:  # fmt: skip
    """Continue once the shell checked the details: answer, ask again, or stop trying."""
    if order_id is not None:
        verified = state.with_(verified_order_id=order_id, verified_number=number,
                               order_number=None, contact=None, pending_intent=None,
                               failed_verifications=0, access=access)  # fmt: skip
        if proof.needs_proof(verified, intent):
            return _send_code(verified, intent, order_id)
        return verified, Decision(Step.ANSWER, intent=intent, order_id=order_id)
    failed = state.failed_verifications + 1
    cleared = state.with_(order_number=None, contact=None, failed_verifications=failed)
    if failed >= MAX_VERIFICATION_ATTEMPTS:
        return cleared.with_(pending_intent=None), Decision(Step.LOCKED, intent=intent)
    return cleared, Decision(Step.VERIFICATION_FAILED, intent=intent)


def verification_paused(
    state: DialogueState, intent: str, wait_seconds: int
) -> tuple[DialogueState, Decision]:
    """The shell refused the check (too many for this order or client): say when to retry."""
    paused = state.with_(order_number=None, contact=None, pending_intent=None)
    return paused, Decision(Step.VERIFICATION_PAUSED, intent=intent, wait_seconds=wait_seconds)


def code_sent(state: DialogueState, order_id: int) -> DialogueState:
    """The code is on its way: the next message with six digits is checked against it."""
    return state.with_(awaiting_code_for=order_id)


def after_code_check(
    state: DialogueState, *, accepted: bool, spent: bool
) -> tuple[DialogueState, Decision]:
    """The right code proves control of the e-mail: continue with what the customer asked."""
    intent, order_id = state.pending_intent, state.awaiting_code_for
    if accepted and intent is not None:
        proven = state.with_(access=Access.PROVEN, awaiting_code_for=None)
        return _order_step(proven, intent)
    if spent or intent is None:
        gone = state.with_(awaiting_code_for=None, pending_intent=None)
        return gone, Decision(Step.CODE_SPENT, intent=intent, order_id=order_id)
    return state, Decision(Step.CODE_WRONG, intent=intent, order_id=order_id)


def propose(state: DialogueState, action: PendingAction) -> DialogueState:
    """The assistant asked "shall I …?": only a "yes" next turn performs ``action``."""
    return state.with_(awaiting_confirmation=action, awaiting_address_for=None)


def ask_for_address(
    state: DialogueState, order_id: int, *, country: str | None = None
) -> DialogueState:
    """Wait for the new address of ``order_id``; its postal code is checked for ``country``."""
    return state.with_(awaiting_address_for=order_id, awaiting_confirmation=None,
                       address_country=country or state.address_country)  # fmt: skip


def expect(state: DialogueState, intent: str) -> DialogueState:
    """The next unsure message continues ``intent`` (e.g. a product name for a stock check)."""
    return state.with_(pending_intent=intent)


def hand_over(
    state: DialogueState, reason: HandoverReason, intent: str | None
) -> tuple[DialogueState, Decision]:
    """A handover the shell decided on (e.g. the customer accepted the offer of a person)."""
    return _hand_over(state, reason, intent)
