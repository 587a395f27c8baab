"""New addresses in the dialogue (#14.5): no loop on Irish spellings, pieces combined across
turns, and an address in the first request kept (its postal code never taken as proof)."""

from __future__ import annotations

import pytest

from opsdesk.assistant.dialogue import DialogueState, Step, Turn, decide

NUMBER = "OD-7K2M9Q4XZB"


def turn(text: str, intent: str = "out_of_scope", confidence: float = 0.2,
         **slots: tuple[str, ...]) -> Turn:  # fmt: skip
    return Turn(text=text, intent=intent, confidence=confidence, language="en", **slots)


def waiting(country: str = "IE") -> DialogueState:
    return DialogueState(verified_order_id=42, verified_number=NUMBER, awaiting_address_for=42,
                         address_country=country)  # fmt: skip


@pytest.mark.parametrize(
    "text", ["5 Main Street, Cork T12 AB34", "5 Main Street, Cork, T12AB34",
             "5 Main Street\nCork\nT12 AB34"],
)  # fmt: skip
def test_an_irish_address_is_proposed_whatever_its_spelling(text: str) -> None:
    # classified confidently as something else, as the real classifier did
    _state, decision = decide(waiting(), turn(text, "track_order", 0.8, postal_codes=("T12 AB34",)))
    assert decision.step is Step.ASK_CONFIRMATION
    assert decision.action is not None
    assert decision.action.address is not None
    assert decision.action.address["postal_code"] == "T12 AB34"
    assert decision.action.address["line1"] == "5 Main Street"


def test_a_missing_postal_code_is_asked_for_and_the_answer_completes_the_address() -> None:
    state, decision = decide(waiting(), turn("5 Main Street, Cork"))
    assert decision.step is Step.ASK_ADDRESS
    assert state.address_draft == "5 Main Street, Cork"
    _state, done = decide(state, turn("T12 AB34", postal_codes=("T12 AB34",)))
    assert done.step is Step.ASK_CONFIRMATION
    assert done.action is not None
    assert done.action.address is not None
    assert (done.action.address["line1"], done.action.address["city"]) == ("5 Main Street", "Cork")


def test_an_address_in_the_first_request_is_kept_and_its_code_is_no_proof() -> None:
    text = f"please change the delivery address of {NUMBER} to Hauptstraße 5, 10115 Berlin"
    first = turn(text, "change_shipping_address", 0.9, order_numbers=(NUMBER,),
                 postal_codes=("10115",))  # fmt: skip
    state, decision = decide(DialogueState(), first)
    assert decision.step is Step.ASK_CONTACT  # 10115 is the new address, not the old one
    assert state.contact is None
    assert state.address_draft is not None
    assert "Hauptstraße 5, 10115 Berlin" in state.address_draft
    assert NUMBER not in state.address_draft


def test_a_postal_code_of_a_tracking_question_still_verifies() -> None:
    ask = turn(f"where is {NUMBER}, I live at Hauptstraße 5, 10115 Berlin", "track_order", 0.9,
               order_numbers=(NUMBER,), postal_codes=("10115",))  # fmt: skip
    state, decision = decide(DialogueState(), ask)
    assert decision.step is Step.VERIFY
    assert (state.contact, state.address_draft) == ("10115", None)
