"""Returns in the dialogue policy, without a database: the request survives verification,
the item and reason are asked for across turns, damage goes to a person, and nothing is
created without proof of the e-mail and a "yes"."""

from __future__ import annotations

from datetime import date

import pytest

from opsdesk import returns
from opsdesk.assistant.dialogue import (
    Access,
    ActionKind,
    DialogueState,
    HandoverReason,
    PendingAction,
    ReturnDraft,
    Step,
    Turn,
    after_verification,
    decide,
    handover_priority,
    propose,
    read_reason,
)

NUMBER = "OD-7K2M9Q4XZB"
RETURN = "start_return"


def turn(
    text: str, intent: str = "out_of_scope", confidence: float = 0.2, **slots: tuple[str, ...]
) -> Turn:
    return Turn(text=text, intent=intent, confidence=confidence, language="en", **slots)


def proven(order_id: int = 42) -> DialogueState:
    return DialogueState(verified_order_id=order_id, verified_number=NUMBER,
                         access=Access.PROVEN)  # fmt: skip


def test_the_return_request_survives_asking_for_the_number_and_the_e_mail() -> None:
    state, decision = decide(DialogueState(), turn("I want to return an item", RETURN, 0.99))
    assert (decision.step, decision.intent) == (Step.ASK_ORDER_NUMBER, RETURN)
    # A bare number reads as a tracking question: it answers the question asked instead.
    state, decision = decide(state, turn(NUMBER, "track_order", 0.98, order_numbers=(NUMBER,)))
    assert (decision.step, decision.intent) == (Step.ASK_CONTACT, RETURN)
    state, decision = decide(state, turn("ana@example.com", emails=("ana@example.com",)))
    assert (decision.step, decision.intent) == (Step.VERIFY, RETURN)
    state, decision = after_verification(state, RETURN, 42, NUMBER, access=Access.PROVEN)
    assert (decision.step, decision.intent, decision.order_id) == (Step.ANSWER, RETURN, 42)
    # The customer's first words are kept for the answer to read the item and reason from.
    assert state.return_draft == ReturnDraft(note="I want to return an item")


def test_a_postcode_verified_return_first_needs_the_e_mailed_code() -> None:
    state, _ = decide(DialogueState(), turn(f"return the lamp, {NUMBER}", RETURN, 0.99,
                                            order_numbers=(NUMBER,)))  # fmt: skip
    state, decision = decide(state, turn("10115", postal_codes=("10115",)))
    assert decision.step is Step.VERIFY
    _state, decision = after_verification(state, RETURN, 42, NUMBER, access=Access.READ)
    assert (decision.step, decision.intent) == (Step.SEND_CODE, RETURN)


def test_a_new_question_around_an_order_number_is_not_taken_as_the_answer() -> None:
    state, _ = decide(DialogueState(), turn("I want to return an item", RETURN, 0.99))
    words = f"actually, please cancel my order {NUMBER} instead"
    _state, decision = decide(state, turn(words, "cancel_order", 0.95, order_numbers=(NUMBER,)))
    assert decision.intent == "cancel_order"


def test_answers_to_which_item_and_why_continue_the_return() -> None:
    state = proven().with_(return_draft=ReturnDraft(order_id=42, note="return an item"))
    for answer in (turn("2"), turn("the lamp", "check_stock", 0.8), turn("too small")):
        kept, decision = decide(state, answer)
        assert (decision.step, decision.intent, decision.order_id) == (Step.ANSWER, RETURN, 42)
        assert kept.return_draft == state.return_draft


def test_a_spanish_reason_starting_with_no_is_not_a_refusal() -> None:
    state = proven().with_(return_draft=ReturnDraft(order_id=42, line_id=7))
    _state, decision = decide(state, turn("no me queda bien, es pequeña"))
    assert (decision.step, decision.intent) == (Step.ANSWER, RETURN)


def test_moving_on_drops_the_return_being_put_together() -> None:
    state = proven().with_(return_draft=ReturnDraft(order_id=42))
    kept, decision = decide(state, turn("where is my order", "track_order", 0.97))
    assert (decision.step, decision.intent) == (Step.ANSWER, "track_order")
    assert kept.return_draft is None
    kept, decision = decide(state, turn("no, forget it"))
    assert kept.return_draft is None
    assert decision.step is not Step.ANSWER or decision.intent != RETURN


@pytest.mark.parametrize(
    ("words", "intent"),
    [
        ("I want to return the lamp, it arrived broken", "report_damaged_item"),
        ("Ich möchte die Lampe zurückschicken, sie ist kaputt", "report_damaged_item"),
        ("je veux retourner la lampe, c'est le mauvais article", "report_wrong_item"),
    ],
)
def test_a_damaged_or_wrong_item_goes_to_a_person_with_priority(words: str, intent: str) -> None:
    state, decision = decide(proven(), turn(words, RETURN, 0.99))
    assert (decision.step, decision.reason, decision.intent) == (
        Step.HANDOVER, HandoverReason.NEEDS_PERSON, intent,
    )  # fmt: skip
    assert handover_priority(HandoverReason.NEEDS_PERSON, decision.intent) == "high"
    assert state.handed_over
    assert state.return_draft is None


def test_damage_named_while_the_return_is_put_together_also_goes_to_a_person() -> None:
    state = proven().with_(return_draft=ReturnDraft(order_id=42, line_id=7))
    _state, decision = decide(state, turn("está quebrada"))
    assert (decision.step, decision.intent) == (Step.HANDOVER, "report_damaged_item")


def test_a_return_is_created_only_after_yes_and_only_with_proof() -> None:
    action = PendingAction(ActionKind.START_RETURN, 42, line_id=7, quantity=1,
                           reason="changed_mind", note="too small")  # fmt: skip
    _state, decision = decide(propose(proven(), action), turn("yes please"))
    assert (decision.step, decision.action, decision.intent) == (Step.PERFORM, action, RETURN)
    read_only = proven().with_(access=Access.READ)
    _state, decision = decide(propose(read_only, action), turn("yes please"))
    assert decision.step is not Step.PERFORM


def test_a_return_draft_and_proposal_survive_the_json_round_trip() -> None:
    action = PendingAction(ActionKind.START_RETURN, 42, line_id=7, quantity=2,
                           reason="damaged", note="broken")  # fmt: skip
    state = proven().with_(awaiting_confirmation=action,
                           return_draft=ReturnDraft(order_id=42, line_id=7, note="x"))  # fmt: skip
    assert DialogueState.from_json(state.to_json()) == state


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        ("they are too small", "changed_mind"),
        ("Die Schuhe sind zu klein", "changed_mind"),
        ("elle est trop petite", "changed_mind"),
        ("me queda pequeña", "changed_mind"),
        ("ficou pequena", "changed_mind"),
        ("the glass arrived cracked", "damaged"),
        ("llegó rota", "damaged"),
        ("não é o que eu pedi", "wrong_item"),
        ("anders als beschrieben", "not_as_described"),
        ("I want to return the lamp", None),
        ("die rote Tasse", None),
    ],
)
def test_the_reason_is_read_from_the_customers_words(words: str, reason: str | None) -> None:
    assert read_reason(words) == reason


def test_the_return_window_closes_thirty_days_after_delivery() -> None:
    delivered = date(2026, 11, 19)
    assert returns.return_window_closes(delivered) == date(2026, 12, 19)
    assert returns.within_return_window(delivered, date(2026, 12, 19))
    assert not returns.within_return_window(delivered, date(2026, 12, 20))
    assert returns.within_return_window(None, date(2030, 1, 1))
