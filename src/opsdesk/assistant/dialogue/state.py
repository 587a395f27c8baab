"""What the assistant remembers between turns, and what one turn brings: plain values.

The state is stored as JSON on the chat session; ``from_json`` accepts what an older
version wrote (unknown keys are ignored, missing ones take their defaults).
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, fields, replace
from typing import Any


class ActionKind(enum.StrEnum):
    CANCEL_ORDER = "cancel_order"
    CHANGE_ADDRESS = "change_address"


@dataclass(frozen=True)
class PendingAction:
    """A change the assistant proposed and the customer has not confirmed yet."""

    kind: ActionKind
    order_id: int
    address: dict[str, Any] | None = None


@dataclass(frozen=True)
class DialogueState:
    language: str = "en"
    customer_id: int | None = None  # signed in on the storefront
    verified_order_id: int | None = None  # the one order this chat may see and change
    verified_number: str | None = None
    order_number: str | None = None  # slots collected across turns
    contact: str | None = None
    pending_intent: str | None = None  # waiting for slots or a product name
    failed_verifications: int = 0
    awaiting_confirmation: PendingAction | None = None
    awaiting_address_for: int | None = None
    low_confidence_streak: int = 0
    handed_over: bool = False

    def with_(self, **changes: Any) -> DialogueState:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DialogueState:
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        pending = values.get("awaiting_confirmation")
        if isinstance(pending, dict):
            values["awaiting_confirmation"] = PendingAction(
                kind=ActionKind(pending["kind"]),
                order_id=int(pending["order_id"]),
                address=pending.get("address"),
            )
        return cls(**values)


@dataclass(frozen=True)
class Turn:
    """One customer message as the NLU read it."""

    text: str
    intent: str
    confidence: float
    language: str
    order_numbers: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    postal_codes: tuple[str, ...] = ()

    @property
    def contact(self) -> str | None:
        if self.emails:
            return self.emails[0]
        return self.postal_codes[0] if self.postal_codes else None

    @property
    def brings_slots(self) -> bool:
        return bool(self.order_numbers or self.emails or self.postal_codes)
