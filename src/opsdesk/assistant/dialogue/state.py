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
    START_RETURN = "start_return"


class Access(enum.StrEnum):
    """How far the chat trusts the customer with the verified order.

    ``READ``: they typed its number and e-mail or delivery postal code (anyone who saw the
    parcel's label can): the status, not changes. ``PROVEN``: they control the order's
    e-mail — signed in on the shop, opened a link we e-mailed, or typed the code we sent.
    """

    NONE = "none"
    READ = "read"
    PROVEN = "proven"


@dataclass(frozen=True)
class PendingAction:
    """A change the assistant proposed and the customer has not confirmed yet."""

    kind: ActionKind
    order_id: int
    address: dict[str, Any] | None = None
    # A return: one order line, how many units, why (a ``returns.ReturnReason`` value).
    line_id: int | None = None
    quantity: int = 0
    reason: str | None = None
    note: str = ""


@dataclass(frozen=True)
class ReturnDraft:
    """A return being put together over several turns: the item, then the reason.

    Before the order is verified only ``note`` is known: the customer's own words asking
    for the return ("the lamp, it's too small"), read again once the order is."""

    order_id: int | None = None
    line_id: int | None = None
    reason: str | None = None
    note: str = ""


@dataclass(frozen=True)
class DialogueState:
    language: str = "en"
    customer_id: int | None = None  # signed in on the storefront
    verified_order_id: int | None = None  # the one order this chat may see and change
    verified_number: str | None = None
    access: Access = Access.NONE  # what the verification allows: read, or change too
    awaiting_code_for: int | None = None  # a one-time code went to this order's e-mail
    order_number: str | None = None  # slots collected across turns
    contact: str | None = None
    pending_intent: str | None = None  # waiting for slots or a product name
    failed_verifications: int = 0
    awaiting_confirmation: PendingAction | None = None
    awaiting_address_for: int | None = None
    address_draft: str | None = None  # what the customer wrote of a new address so far
    address_country: str | None = None  # the order's: a postal code is checked against it
    return_draft: ReturnDraft | None = None
    low_confidence_streak: int = 0
    handed_over: bool = False

    def with_(self, **changes: Any) -> DialogueState:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DialogueState:
        values = _known(cls, dict(data or {}))
        pending = values.get("awaiting_confirmation")
        if isinstance(pending, dict):
            action = _known(PendingAction, pending)
            action.update(kind=ActionKind(pending["kind"]), order_id=int(pending["order_id"]))
            values["awaiting_confirmation"] = PendingAction(**action)
        if "access" in values:
            values["access"] = Access(values["access"])
        draft = values.get("return_draft")
        if isinstance(draft, dict):
            values["return_draft"] = ReturnDraft(**_known(ReturnDraft, draft))
        return cls(**values)


def _known(kind: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(kind)}
    return {k: v for k, v in data.items() if k in names}


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
