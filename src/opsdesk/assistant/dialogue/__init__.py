"""The dialogue: what to do next, decided by pure rules over the conversation's state."""

from __future__ import annotations

from opsdesk.assistant.dialogue.address import NewAddress, parse_address
from opsdesk.assistant.dialogue.policy import (
    MAX_VERIFICATION_ATTEMPTS,
    Decision,
    HandoverReason,
    Step,
    after_verification,
    ask_for_address,
    decide,
    effective_intent,
    expect,
    hand_over,
    handover_priority,
    propose,
)
from opsdesk.assistant.dialogue.signals import is_no, is_yes, read_anger
from opsdesk.assistant.dialogue.state import ActionKind, DialogueState, PendingAction, Turn

__all__ = [
    "MAX_VERIFICATION_ATTEMPTS",
    "ActionKind",
    "Decision",
    "DialogueState",
    "HandoverReason",
    "NewAddress",
    "PendingAction",
    "Step",
    "Turn",
    "after_verification",
    "ask_for_address",
    "decide",
    "effective_intent",
    "expect",
    "hand_over",
    "handover_priority",
    "is_no",
    "is_yes",
    "parse_address",
    "propose",
    "read_anger",
]
