"""Request and response shapes of /api/v1/webhook-subscriptions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from opsdesk.webhooks.catalog import TOPIC_NAMES
from opsdesk.webhooks.log import DeliveryState

# What ``policy.checked_url`` accepts, stated in the schema: http(s), a host, no user
# name or password (no "@" before the path).
URL_PATTERN = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s]*)?$"
Url = Annotated[str, Field(max_length=2000, pattern=URL_PATTERN,
                           examples=["https://erp.example.com/hooks/opsdesk"])]  # fmt: skip
# The catalogue in the schema (generated clients, /docs); unknown ones get a 422 naming them.
TopicName = Annotated[str, Field(json_schema_extra={"enum": sorted(TOPIC_NAMES)})]


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url
    topics: list[TopicName] = Field(min_length=1, max_length=50, examples=[["order.placed"]])
    description: str = Field(default="", max_length=200)


class SubscriptionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url | None = None
    topics: list[TopicName] | None = Field(default=None, min_length=1, max_length=50)
    description: str | None = Field(default=None, max_length=200)
    active: bool | None = None


class SubscriptionRead(BaseModel):
    """Never the secret: it is shown once, in :class:`SubscriptionWithSecret`."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    url: str
    topics: list[str]
    description: str
    active: bool
    created_at: datetime
    created_by: str


class SubscriptionWithSecret(SubscriptionRead):
    secret: str = Field(description="Signing secret: store it now, it is not shown again.")


class TopicRead(BaseModel):
    name: str
    description: str


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    subscription_id: int
    topic: str
    event_id: str
    state: DeliveryState
    attempts: int
    response_code: int | None
    latency_ms: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None
    replay_of_id: int | None
