"""What needs proof that the customer controls the order's e-mail, and reading the code.

A verified order can be read by whoever knows its number and e-mail or postal code; a
change to it (a new address, a cancellation, a refund) also needs ``Access.PROVEN``:
a signed-in customer, a link we e-mailed, or the one-time code we e-mailed and they
typed back. Flows that change an order add their intents and action kinds here.
"""

from __future__ import annotations

import re

from opsdesk.assistant.dialogue.state import Access, ActionKind, DialogueState
from opsdesk.assistant.nlu import Intent

CODE_DIGITS = 6
# Intents whose answer proposes a change to the order.
CHANGE_INTENTS = frozenset(
    {Intent.CANCEL_ORDER.value, Intent.CHANGE_SHIPPING_ADDRESS.value, Intent.START_RETURN.value}
)
# Proposed actions that may only be performed with proof.
CHANGES_NEEDING_PROOF = frozenset(
    {ActionKind.CANCEL_ORDER, ActionKind.CHANGE_ADDRESS, ActionKind.START_RETURN}
)
# "123456", "123 456", "123-456", not part of a longer number
_CODE = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})(?![\d-])")


def needs_proof(state: DialogueState, intent: str | None) -> bool:
    """Whether answering ``intent`` would offer a change the chat may not make yet."""
    return intent in CHANGE_INTENTS and state.access is not Access.PROVEN


def may_perform(state: DialogueState, kind: ActionKind) -> bool:
    return kind not in CHANGES_NEEDING_PROOF or state.access is Access.PROVEN


def find_code(text: str) -> str | None:
    """The six-digit code in a message, spaces or a dash inside it allowed."""
    match = _CODE.search(text)
    return match.group(1) + match.group(2) if match else None
