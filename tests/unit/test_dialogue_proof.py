"""Reading needs the order's details; changing needs proof of its e-mail (pure policy)."""

from __future__ import annotations

import itertools

import pytest

from opsdesk.assistant.dialogue import (
    Access,
    ActionKind,
    DialogueState,
    PendingAction,
    Step,
    Turn,
    after_code_check,
    after_verification,
    code_sent,
    decide,
    find_code,
    propose,
    verification_paused,
)
from opsdesk.demo.numbers import order_number

NUMBER = "OD-7K2M9Q4XZB"


def turn(text: str, intent: str = "out_of_scope", confidence: float = 0.2) -> Turn:
    return Turn(text=text, intent=intent, confidence=confidence, language="en")


def read_only(order_id: int = 42) -> DialogueState:
    return DialogueState(verified_order_id=order_id, verified_number=NUMBER, access=Access.READ)


def test_a_postcode_match_answers_status_but_a_cancellation_first_sends_a_code() -> None:
    state, decision = after_verification(DialogueState(), "track_order", 42, NUMBER)
    assert (decision.step, state.access) == (Step.ANSWER, Access.READ)
    state, decision = after_verification(DialogueState(), "cancel_order", 42, NUMBER)
    assert (decision.step, decision.order_id, state.pending_intent) == (
        Step.SEND_CODE, 42, "cancel_order")  # fmt: skip


def test_an_address_change_in_a_read_only_chat_sends_a_code_and_proposes_nothing() -> None:
    state, decision = decide(read_only(), turn("change my address", "change_shipping_address", 0.9))
    assert decision.step is Step.SEND_CODE
    assert state.awaiting_confirmation is None
    assert state.awaiting_address_for is None


def test_a_signed_in_or_emailed_link_chat_changes_without_a_code() -> None:
    proven = read_only().with_(access=Access.PROVEN)
    _state, decision = decide(proven, turn("cancel it", "cancel_order", 0.9))
    assert (decision.step, decision.intent) == (Step.ANSWER, "cancel_order")


def test_the_next_six_digits_are_checked_and_the_right_code_continues_the_request() -> None:
    waiting = code_sent(read_only().with_(pending_intent="cancel_order"), 42)
    state, decision = decide(waiting, turn("it is 402 917"))
    assert (decision.step, decision.code, decision.order_id) == (Step.CHECK_CODE, "402917", 42)
    state, decision = after_code_check(state, accepted=True, spent=False)
    assert state.access is Access.PROVEN
    assert (decision.step, decision.intent, decision.order_id) == (
        Step.ANSWER, "cancel_order", 42)  # fmt: skip


def test_a_wrong_code_asks_again_and_a_spent_one_drops_the_request() -> None:
    waiting = code_sent(read_only().with_(pending_intent="cancel_order"), 42)
    state, decision = after_code_check(waiting, accepted=False, spent=False)
    assert (decision.step, state.access, state.awaiting_code_for) == (
        Step.CODE_WRONG, Access.READ, 42)  # fmt: skip
    state, decision = after_code_check(waiting, accepted=False, spent=True)
    assert decision.step is Step.CODE_SPENT
    assert (state.awaiting_code_for, state.pending_intent, state.access) == (
        None, None, Access.READ)  # fmt: skip


def test_moving_on_forgets_the_code_and_chatter_asks_for_it() -> None:
    waiting = code_sent(read_only().with_(pending_intent="cancel_order"), 42)
    assert decide(waiting, turn("hmm where do I find it"))[1].step is Step.ASK_CODE
    state, decision = decide(waiting, turn("where is my order", "track_order", 0.95))
    assert decision.step is Step.ANSWER
    assert state.awaiting_code_for is None


def test_a_change_proposed_without_proof_is_never_performed() -> None:
    """An older chat stored a proposal before proof existed: "yes" must not carry it out."""
    stale = propose(read_only(), PendingAction(ActionKind.CHANGE_ADDRESS, 42, {"city": "X"}))
    state, decision = decide(stale, turn("yes"))
    assert decision.step is not Step.PERFORM
    assert state.awaiting_confirmation is None


def test_a_paused_check_forgets_the_guess_and_counts_no_failure() -> None:
    asked = DialogueState(order_number=NUMBER, contact="10119", pending_intent="track_order")
    state, decision = verification_paused(asked, "track_order", 1800)
    assert (decision.step, decision.wait_seconds) == (Step.VERIFICATION_PAUSED, 1800)
    assert (state.order_number, state.contact, state.failed_verifications) == (None, None, 0)


@pytest.mark.parametrize(
    ("text", "code"),
    [("402917", "402917"), ("code: 402 917", "402917"), ("402-917", "402917"),
     ("my postcode 10119", None), ("call 0049402917555", None), ("OD-402917", None)],
)  # fmt: skip
def test_a_code_is_six_digits_on_their_own(text: str, code: str | None) -> None:
    assert find_code(text) == code


def test_demo_order_numbers_are_unique_unordered_and_fixed_by_the_seed() -> None:
    numbers = [order_number(42, oid) for oid in range(1, 2001)]
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith("OD-") and len(n) == 13 for n in numbers)
    assert numbers != sorted(numbers)
    assert sum(a < b for a, b in itertools.pairwise(numbers)) < 1200  # no run
    assert numbers[:5] == [order_number(42, oid) for oid in range(1, 6)]
    assert order_number(43, 1) != numbers[0]
