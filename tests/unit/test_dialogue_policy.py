"""The dialogue policy without a database: verification, confirmation, handover rules."""

from __future__ import annotations

from opsdesk.assistant.dialogue import (
    MAX_VERIFICATION_ATTEMPTS,
    Access,
    ActionKind,
    DialogueState,
    HandoverReason,
    PendingAction,
    Step,
    Turn,
    after_verification,
    decide,
    handover_priority,
    propose,
)

NUMBER = "OD-7K2M9Q4XZB"


def turn(
    text: str, intent: str = "out_of_scope", confidence: float = 0.2, **slots: tuple[str, ...]
) -> Turn:
    return Turn(text=text, intent=intent, confidence=confidence, language="en", **slots)


def track(text: str = "where is my order", **slots: tuple[str, ...]) -> Turn:
    return turn(text, "track_order", 0.97, **slots)


def test_an_order_question_asks_for_the_number_then_the_contact_then_verifies() -> None:
    state, decision = decide(DialogueState(), track())
    assert decision.step is Step.ASK_ORDER_NUMBER
    state, decision = decide(state, turn(NUMBER, "check_stock", 0.75, order_numbers=(NUMBER,)))
    assert (decision.step, decision.intent, decision.number) == (
        Step.ASK_CONTACT,
        "track_order",
        NUMBER,
    )
    state, decision = decide(
        state, turn("ana@example.com", "edit_account", 0.6, emails=("ana@example.com",))
    )
    assert decision.step is Step.VERIFY
    assert (decision.number, decision.contact) == (NUMBER, "ana@example.com")


def test_number_and_e_mail_in_one_message_go_straight_to_verification() -> None:
    _state, decision = decide(
        DialogueState(), track(order_numbers=(NUMBER,), emails=("a@b.example",))
    )
    assert decision.step is Step.VERIFY


def test_nothing_about_an_order_is_answered_before_verification() -> None:
    state = DialogueState()
    for message in (
        track(),
        turn(NUMBER, order_numbers=(NUMBER,)),
        turn("cancel it", "cancel_order", 0.9),
    ):
        state, decision = decide(state, message)
        assert decision.order_id is None
        assert decision.step is not Step.ANSWER


def test_a_verified_order_is_answered_and_another_number_needs_proof_again() -> None:
    state, _ = decide(DialogueState(), track(order_numbers=(NUMBER,), emails=("a@b.example",)))
    state, decision = after_verification(state, "track_order", 42, NUMBER)
    assert (decision.step, decision.order_id) == (Step.ANSWER, 42)
    _same, again = decide(state, turn("and the refund?", "track_refund", 0.9))
    assert (again.step, again.order_id) == (Step.ANSWER, 42)
    _other, other = decide(state, track(order_numbers=("OD-0000000000",)))
    assert other.step is Step.ASK_CONTACT


def test_failed_verification_forgets_the_details_and_stops_after_the_limit() -> None:
    state = DialogueState()
    for attempt in range(1, MAX_VERIFICATION_ATTEMPTS + 1):
        state, decision = decide(state, track(order_numbers=(NUMBER,), emails=("x@y.example",)))
        assert decision.step is Step.VERIFY
        state, decision = after_verification(state, "track_order", None)
        assert (state.order_number, state.contact) == (None, None)
        expected = Step.LOCKED if attempt == MAX_VERIFICATION_ATTEMPTS else Step.VERIFICATION_FAILED
        assert decision.step is expected
    _state, decision = decide(state, track(order_numbers=(NUMBER,), emails=("ana@example.com",)))
    assert decision.step is Step.LOCKED


def test_a_signed_in_customer_is_verified_by_ownership_without_an_e_mail() -> None:
    _state, decision = decide(DialogueState(customer_id=7), track())
    assert (decision.step, decision.number, decision.contact) == (Step.VERIFY, None, None)


def verified(order_id: int = 42) -> DialogueState:
    """A chat that proved control of the order's e-mail (changes are allowed)."""
    return DialogueState(verified_order_id=order_id, verified_number=NUMBER, access=Access.PROVEN)


def test_a_change_is_performed_only_on_yes_in_the_next_message() -> None:
    action = PendingAction(ActionKind.CANCEL_ORDER, 42)
    waiting = propose(verified(), action)
    state, decision = decide(waiting, turn("yes please"))
    assert (decision.step, decision.action) == (Step.PERFORM, action)
    assert state.awaiting_confirmation is None
    _state, no = decide(waiting, turn("no, don't"))
    assert no.step is Step.DECLINED
    moved_on, other = decide(waiting, turn("how long does delivery take", "delivery_period", 0.95))
    assert other.step is Step.ANSWER
    assert moved_on.awaiting_confirmation is None
    _after, later = decide(moved_on, turn("yes"))
    assert later.step is not Step.PERFORM


def test_confirmations_are_understood_in_five_languages() -> None:
    action = PendingAction(ActionKind.CANCEL_ORDER, 42)
    for text in ("Ja, bitte", "oui", "sí, claro", "sim", "ok"):
        assert decide(propose(verified(), action), turn(text))[1].step is Step.PERFORM, text
    for text in ("Nein", "non merci", "no gracias", "não", "nope"):
        assert decide(propose(verified(), action), turn(text))[1].step is Step.DECLINED, text


def test_a_new_address_is_read_then_confirmed_before_anything_changes() -> None:
    state = verified().with_(awaiting_address_for=42)
    state, decision = decide(state, turn("Lindenstraße 5, 20095 Hamburg"))
    assert decision.step is Step.ASK_CONFIRMATION
    assert decision.action is not None
    assert decision.action.address is not None
    assert decision.action.address["postal_code"] == "20095"
    _state, done = decide(state, turn("yes"))
    assert done.step is Step.PERFORM
    assert done.action == decision.action
    _unclear, again = decide(verified().with_(awaiting_address_for=42), turn("somewhere nice"))
    assert again.step is Step.ASK_ADDRESS


def test_asking_for_a_person_hands_over_at_once() -> None:
    state, decision = decide(DialogueState(), turn("I want a human", "contact_human_agent", 0.99))
    assert (decision.step, decision.reason) == (Step.HANDOVER, HandoverReason.REQUESTED)
    assert decide(state, turn("hello?"))[1].step is Step.RELAY


def test_two_unclear_messages_in_a_row_hand_over_but_one_only_asks_to_rephrase() -> None:
    state, first = decide(DialogueState(), turn("blorp"))
    assert first.step is Step.CLARIFY
    state, second = decide(state, turn("flibber"))
    assert (second.step, second.reason) == (Step.HANDOVER, HandoverReason.NOT_UNDERSTOOD)
    reset, _ = decide(DialogueState(), turn("blorp"))
    reset, _ = decide(reset, turn("hi", "greeting", 0.99))
    assert decide(reset, turn("flibber"))[1].step is Step.CLARIFY


def test_complaints_and_angry_messages_hand_over_with_high_priority() -> None:
    _s, complaint = decide(DialogueState(), turn("I want to complain", "complaint", 0.9))
    _s, angry = decide(DialogueState(), track("WHERE IS MY ORDER, THIS IS RIDICULOUS!!!"))
    for decision in (complaint, angry):
        assert (decision.step, decision.reason) == (Step.HANDOVER, HandoverReason.COMPLAINT)
        assert decision.reason is not None
        assert handover_priority(decision.reason, decision.intent) == "high"
    _s, calm = decide(DialogueState(), track("where is my order, please?"))
    assert calm.step is not Step.HANDOVER


def test_actions_only_a_person_can_take_are_handed_over() -> None:
    _s, decision = decide(
        DialogueState(), turn("my mug arrived broken", "report_damaged_item", 0.9)
    )
    assert (decision.step, decision.reason) == (Step.HANDOVER, HandoverReason.NEEDS_PERSON)


def test_state_survives_a_round_trip_through_json() -> None:
    state = propose(verified(), PendingAction(ActionKind.CHANGE_ADDRESS, 42, {"city": "Hamburg"}))
    assert DialogueState.from_json(state.to_json()) == state
    assert DialogueState.from_json({"unknown": 1, "language": "de"}).language == "de"
