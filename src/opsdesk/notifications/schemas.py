from __future__ import annotations

from datetime import datetime, time

from pydantic import BaseModel, ConfigDict, Field, model_validator

from opsdesk.notifications.catalog import MessageType
from opsdesk.notifications.models import MessageStatus


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    message_type: str
    channel: str
    customer_id: int | None
    order_id: int | None
    recipient: str
    locale: str
    subject: str
    body_text: str
    status: MessageStatus
    status_reason: str
    send_after: datetime
    created_at: datetime
    sent_at: datetime | None


class PreferenceRead(BaseModel):
    customer_id: int
    opted_out: list[MessageType]
    quiet_start: time | None
    quiet_end: time | None
    cannot_opt_out: list[MessageType] = Field(
        description="Transactional messages that are always sent."
    )


class PreferenceUpdate(BaseModel):
    opted_out: list[MessageType] = Field(default_factory=list)
    quiet_start: time | None = None
    quiet_end: time | None = None

    @model_validator(mode="after")
    def _both_or_neither(self) -> PreferenceUpdate:
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValueError("quiet_start and quiet_end go together")
        return self
