"""What an agent can do to an order from a ticket: one payload per action, told apart by
``kind`` (a discriminated union), and the outcome the ticket view shows."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from opsdesk import orders, returns
from opsdesk.kernel.inputs import SaleCurrency, WholeNumber

Id = Annotated[WholeNumber, Field(ge=1, le=2**63 - 1)]
Reason = Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S")]
AgentNote = Annotated[str, Field(default="", max_length=2000)]


class ActionKind(enum.StrEnum):
    CANCEL_ORDER = "cancel_order"
    CANCEL_LINES = "cancel_lines"
    RESHIP = "reship"
    START_RETURN = "start_return"
    UPGRADE_SHIPPING = "upgrade_shipping"
    CHANGE_ADDRESS = "change_address"
    ISSUE_DISCOUNT = "issue_discount"
    RECORD_REFUND = "record_refund"


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: AgentNote = Field(default="", description="Added to the internal note.")


class _OrderAction(_Action):
    order_id: Id


class LineQuantity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_line_id: Id
    quantity: Annotated[WholeNumber, Field(ge=1, le=100_000)]


def _distinct(lines: list[LineQuantity]) -> dict[int, int]:
    ids = [line.order_line_id for line in lines]
    if len(set(ids)) != len(ids):
        raise ValueError("each order line may appear once")
    return {line.order_line_id: line.quantity for line in lines}


class CancelOrder(_OrderAction):
    kind: Literal[ActionKind.CANCEL_ORDER]
    reason: Reason


class CancelLines(_OrderAction):
    kind: Literal[ActionKind.CANCEL_LINES]
    line_ids: Annotated[list[Id], Field(min_length=1, max_length=500)]
    reason: Reason


class Reship(_OrderAction):
    kind: Literal[ActionKind.RESHIP]
    lines: Annotated[list[LineQuantity], Field(min_length=1, max_length=500)]
    reason: orders.ReshipReason
    shipping_address: orders.ShippingAddress | None = None

    @model_validator(mode="after")
    def _lines_once(self) -> Reship:
        _distinct(self.lines)
        return self

    def quantities(self) -> dict[int, int]:
        return _distinct(self.lines)


class StartReturn(_OrderAction):
    kind: Literal[ActionKind.START_RETURN]
    lines: Annotated[list[LineQuantity], Field(min_length=1, max_length=500)]
    reason: returns.ReturnReason

    @model_validator(mode="after")
    def _lines_once(self) -> StartReturn:
        _distinct(self.lines)
        return self

    def quantities(self) -> dict[int, int]:
        return _distinct(self.lines)


class UpgradeShipping(_OrderAction):
    kind: Literal[ActionKind.UPGRADE_SHIPPING]
    service_level: Literal["standard", "express"]
    charge_minor: Annotated[WholeNumber, Field(ge=0, le=10**9)] = 0
    reason: str = Field(default="", max_length=200)


class ChangeAddress(_OrderAction):
    kind: Literal[ActionKind.CHANGE_ADDRESS]
    shipping_address: orders.ShippingAddress
    reason: str = Field(default="", max_length=200)


class IssueDiscount(_Action):
    """A single-use code for the ticket's customer; ``order_id`` says what it is about."""

    kind: Literal[ActionKind.ISSUE_DISCOUNT]
    order_id: Id | None = None
    discount_kind: Literal["amount", "percent"]
    value: Annotated[WholeNumber, Field(ge=1, le=10**9)] = Field(
        description="Minor units for an amount; basis points for a percentage (1000 = 10 %)."
    )
    currency: SaleCurrency | None = Field(
        default=None, description="Defaults to the order's currency; required for amounts."
    )
    expires_at: AwareDatetime | None = None
    valid_days: Annotated[WholeNumber, Field(ge=1, le=730)] = Field(
        default=90, description="Used when expires_at is not given."
    )
    max_discount_minor: Annotated[WholeNumber, Field(ge=1, le=10**9)] | None = None
    reason_code: Literal[
        "late_delivery", "damaged_item", "wrong_or_missing_item", "service_failure", "goodwill"
    ] = Field(description="Why, from the list; ``reason`` says more.")
    reason: Reason


class RecordRefund(_OrderAction):
    kind: Literal[ActionKind.RECORD_REFUND]
    amount_minor: Annotated[WholeNumber, Field(ge=1, le=10**12)]
    currency: SaleCurrency | None = None
    reason: Reason
    return_id: Id | None = None


ActionRequest = Annotated[
    CancelOrder | CancelLines | Reship | StartReturn | UpgradeShipping | ChangeAddress
    | IssueDiscount | RecordRefund,
    Field(discriminator="kind"),
]  # fmt: skip


class ActionOutcome(BaseModel):
    """What happened, for the ticket view: the note written, a reply the agent may send,
    and the records the action made (only those of its kind are set)."""

    action: ActionKind
    ticket_id: int
    order_id: int | None
    order_number: str | None
    order_status: str | None
    note_id: int
    note: str
    draft_reply: str | None = Field(description="A reply to the customer the agent can send.")
    replacement_order_id: int | None = None
    replacement_order_number: str | None = None
    return_id: int | None = None
    return_number: str | None = None
    refund_id: int | None = None
    discount_code: str | None = None
    discount_code_id: int | None = None
    discount_expires_at: datetime | None = None
    discount_status: str | None = Field(
        default=None, description="pending: above the agent's caps, waits for a lead."
    )
    customer_message_id: int | None = None
    promised_delivery_date: date | None = None
