"""The dialogue: what to do next, decided by pure rules over the conversation's state."""

from __future__ import annotations

from opsdesk.assistant.dialogue.address import (
    AddressReading,
    Missing,
    NewAddress,
    country_name,
    format_address,
    parse_address,
    read_address,
)
from opsdesk.assistant.dialogue.policy import (
    MAX_VERIFICATION_ATTEMPTS,
    Decision,
    HandoverReason,
    Step,
    after_code_check,
    after_verification,
    ask_for_address,
    code_sent,
    decide,
    effective_intent,
    expect,
    hand_over,
    handover_priority,
    propose,
    verification_paused,
)
from opsdesk.assistant.dialogue.proof import CODE_DIGITS, find_code, needs_proof
from opsdesk.assistant.dialogue.reasons import read_reason
from opsdesk.assistant.dialogue.signals import is_no, is_yes, read_anger
from opsdesk.assistant.dialogue.state import (
    Access,
    ActionKind,
    DialogueState,
    PendingAction,
    ReturnDraft,
    Turn,
)

__all__ = [
    "CODE_DIGITS",
    "MAX_VERIFICATION_ATTEMPTS",
    "Access",
    "ActionKind",
    "AddressReading",
    "Decision",
    "DialogueState",
    "HandoverReason",
    "Missing",
    "NewAddress",
    "PendingAction",
    "ReturnDraft",
    "Step",
    "Turn",
    "after_code_check",
    "after_verification",
    "ask_for_address",
    "code_sent",
    "country_name",
    "decide",
    "effective_intent",
    "expect",
    "find_code",
    "format_address",
    "hand_over",
    "handover_priority",
    "is_no",
    "is_yes",
    "needs_proof",
    "parse_address",
    "propose",
    "read_address",
    "read_anger",
    "read_reason",
    "verification_paused",
]
