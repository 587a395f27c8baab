"""Request and response shapes of the service desk API."""

from __future__ import annotations

import enum
import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from opsdesk import customers
from opsdesk.support.models import AuthorKind, Channel, OutboundStatus
from opsdesk.support.sla import Priority, SlaStatus, TicketStatus

MAX_BODY = 100_000


# Unicode's White_Space property: what the schema's ``\S`` (a Rust regex in pydantic, an
# ECMAScript one for API clients) treats as space. ``str.split()`` also splits on the
# control characters U+001C-U+001F, which would empty a tag the schema accepted.
_SPACES = re.compile("[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def _normalise_tags(tags: list[str]) -> list[str]:
    cleaned: list[str] = []
    for tag in tags:
        value = _SPACES.sub(" ", tag).strip(" ")
        if not value or len(value) > 64:
            raise ValueError("tags must be 1 to 64 characters")
        value = value.lower()
        if value not in cleaned:
            cleaned.append(value)
    return cleaned


# A tag holds something besides spaces, at most 64 characters once spaces are collapsed.
Tag = Annotated[str, Field(max_length=64, pattern=r"\S")]
Tags = Annotated[list[Tag], Field(max_length=30), AfterValidator(_normalise_tags)]
Reason = Annotated[str, Field(min_length=1, max_length=64)]


class AttachmentMeta(BaseModel):
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=127)
    size: int = Field(ge=0)


class TicketCreate(BaseModel):
    subject: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=MAX_BODY)
    body_html: str = Field(default="", max_length=MAX_BODY)
    channel: Channel = Channel.API
    priority: Priority = Priority.MEDIUM
    customer_id: int | None = None
    customer_email: customers.Email | None = None
    customer_name: str = Field(default="", max_length=200)
    team_id: int | None = None
    assignee_id: int | None = None
    auto_assign: bool = True
    tags: Tags = Field(default_factory=list)
    reason: Reason | None = None
    order_ids: list[int] = Field(default_factory=list, max_length=20)
    attachments: list[AttachmentMeta] = Field(default_factory=list, max_length=50)
    opened_by_system: bool = Field(
        default=False,
        description="OpsDesk opened it (a carrier exception…): the first message is a system "
        "message, not the customer's words.",
    )


class MessageCreate(BaseModel):
    body: str = Field(min_length=1, max_length=MAX_BODY)
    body_html: str = Field(default="", max_length=MAX_BODY)
    internal: bool = Field(default=False, description="An internal note the customer never sees.")
    status: TicketStatus | None = Field(
        default=None, description="Status after a reply (e.g. pending_customer)."
    )
    attachments: list[AttachmentMeta] = Field(default_factory=list, max_length=50)


class TicketUpdate(BaseModel):
    """Only the fields sent change; ``assignee_id``/``team_id``/``reason`` null clears them."""

    status: TicketStatus | None = None
    priority: Priority | None = None
    assignee_id: int | None = None
    team_id: int | None = None
    tags: Tags | None = None
    reason: Reason | None = None


class SlaState(enum.StrEnum):
    """The inbox's one-word SLA status: the clocks' worst, or why none runs."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    FULFILLED = "fulfilled"
    PAUSED = "paused"


class SlaClockRead(BaseModel):
    status: SlaStatus
    target_seconds: int
    elapsed_seconds: int
    remaining_seconds: int
    due_at: datetime | None
    at_risk_from: datetime | None
    fulfilled_at: datetime | None
    paused: bool


class SlaRead(BaseModel):
    policy: str
    calendar_timezone: str
    first_response: SlaClockRead
    resolution: SlaClockRead


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    author_kind: AuthorKind
    author_staff_id: int | None
    author_name: str
    author_email: str
    body_text: str
    body_html: str
    attachments: list[AttachmentMeta]
    email_message_id: str | None
    in_reply_to: str | None
    outbound_status: OutboundStatus | None
    sent_at: datetime | None
    created_at: datetime


class LinkedOrder(BaseModel):
    id: int
    number: str
    status: str
    automatic: bool


class TicketSummary(BaseModel):
    id: int
    reference: str
    subject: str
    channel: Channel
    status: TicketStatus
    priority: Priority
    assignee_id: int | None
    team_id: int | None
    customer_id: int | None
    requester_email: str
    requester_name: str
    tags: list[str]
    reason: str | None
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    solved_at: datetime | None
    sla_state: SlaState | None
    sla_due_at: datetime | None
    sla_at_risk_at: datetime | None
    sla_breach_at: datetime | None


class TicketRead(TicketSummary):
    customer: customers.CustomerSummary | None
    orders: list[LinkedOrder]
    messages: list[MessageRead]
    sla: SlaRead


class AvailabilityUpdate(BaseModel):
    online: bool
    capacity: int | None = Field(default=None, ge=0, le=500)


class AvailabilityRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    staff_user_id: int
    online: bool
    capacity: int
    open_tickets: int


class BreachRateRead(BaseModel):
    settled: int
    breached: int
    rate: float | None


class SlaReportRow(BaseModel):
    group: dict[str, str]
    first_response: BreachRateRead
    resolution: BreachRateRead
    median_first_response_seconds: int | None
    median_resolution_seconds: int | None
    # Calendar time from creation to the first response (what the customer waited)
    median_first_response_wait_seconds: int | None = None
    answered: int = 0  # tickets with a first response, behind the medians
    tickets: int = 0


class SlaReport(BaseModel):
    created_from: datetime
    created_to: datetime
    by: list[str]
    rows: list[SlaReportRow]


class InboundResult(BaseModel):
    ticket_id: int
    message_id: int | None
    created: bool
    duplicate: bool
    threaded_by: str
