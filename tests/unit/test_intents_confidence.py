"""Low confidence makes the assistant ask, not guess (issue 19)."""

from __future__ import annotations

import pytest

from opsdesk.assistant.dialogue.policy import CONFIDENT, Step, decide
from opsdesk.assistant.dialogue.state import DialogueState, Turn
from opsdesk.assistant.nlu.classifier import classify

# Written for this test: nothing a shop assistant could act on.
UNCLEAR = ["blorp zingle wup", "hmm", "the thing with the stuff", "asdkj qwpeo zmxn"]
CLEAR = [
    ("hi, could you tell me where my parcel is? order #40211", "track_order"),
    ("please cancel the order I placed this morning", "cancel_order"),
    ("ich möchte mit einem Menschen sprechen", "contact_human_agent"),
]


def turn_of(text: str) -> Turn:
    prediction = classify(text)
    return Turn(text=text, intent=prediction.intent, confidence=prediction.confidence,
                language=prediction.language)  # fmt: skip


@pytest.mark.parametrize("text", UNCLEAR)
def test_an_unclear_message_is_unsure_and_the_assistant_asks_to_rephrase(text: str) -> None:
    turn = turn_of(text)
    assert turn.confidence < CONFIDENT or turn.intent == "out_of_scope"
    assert decide(DialogueState(), turn)[1].step is Step.CLARIFY


@pytest.mark.parametrize(("text", "intent"), CLEAR)
def test_a_clear_message_is_acted_on(text: str, intent: str) -> None:
    turn = turn_of(text)
    assert (turn.intent, turn.confidence >= CONFIDENT) == (intent, True)
    assert decide(DialogueState(), turn)[1].step is not Step.CLARIFY
