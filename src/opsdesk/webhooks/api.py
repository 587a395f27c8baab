"""/api/v1/webhook-subscriptions: admins manage subscribers, read the log, replay."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.webhooks import catalog, log, service
from opsdesk.webhooks.schemas import (
    DeliveryRead,
    SubscriptionCreate,
    SubscriptionRead,
    SubscriptionUpdate,
    SubscriptionWithSecret,
    TopicRead,
)

router = APIRouter(prefix="/webhook-subscriptions", tags=["webhooks"])
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
PATH = "/api/v1/webhook-subscriptions"


@router.get("/topics", response_model=list[TopicRead])
def list_topics(_admin: Admin) -> list[TopicRead]:
    return [TopicRead(name=t.name, description=t.description) for t in catalog.TOPICS]


@router.get("", response_model=list[SubscriptionRead])
def list_subscriptions(session: DB, _admin: Admin) -> list[SubscriptionRead]:
    return [SubscriptionRead.model_validate(s) for s in service.list_subscriptions(session)]


@router.post("", status_code=201, response_model=SubscriptionWithSecret)
def create_subscription(
    body: SubscriptionCreate, session: DB, admin: Admin, response: Response
) -> SubscriptionWithSecret:
    made, secret = service.create_subscription(
        session, url=body.url, topics=body.topics, description=body.description, actor=admin.actor
    )
    response.headers["Location"] = f"{PATH}/{made.id}"
    return SubscriptionWithSecret(
        **SubscriptionRead.model_validate(made).model_dump(), secret=secret
    )


@router.get("/{subscription_id}", response_model=SubscriptionRead)
def read_subscription(subscription_id: int, session: DB, _admin: Admin) -> SubscriptionRead:
    return SubscriptionRead.model_validate(service.get_subscription(session, subscription_id))


@router.patch("/{subscription_id}", response_model=SubscriptionRead)
def update_subscription(
    subscription_id: int, body: SubscriptionUpdate, session: DB, _admin: Admin
) -> SubscriptionRead:
    changed = service.update_subscription(
        session, subscription_id, **body.model_dump(exclude_unset=True)
    )
    return SubscriptionRead.model_validate(changed)


@router.delete("/{subscription_id}", status_code=204)
def delete_subscription(subscription_id: int, session: DB, _admin: Admin) -> Response:
    service.delete_subscription(session, subscription_id)
    return Response(status_code=204)


@router.post("/{subscription_id}/rotate-secret", response_model=SubscriptionWithSecret)
def rotate_secret(subscription_id: int, session: DB, _admin: Admin) -> SubscriptionWithSecret:
    """A new secret, at once: the receiver must switch to it (the old one stops working)."""
    sub, secret = service.rotate_secret(session, subscription_id)
    return SubscriptionWithSecret(
        **SubscriptionRead.model_validate(sub).model_dump(), secret=secret
    )


@router.get("/{subscription_id}/deliveries", response_model=list[DeliveryRead])
def list_deliveries(
    subscription_id: int,
    session: DB,
    _admin: Admin,
    state: log.DeliveryState | None = None,
    before: Annotated[
        int | None, Query(ge=1, description="Keyset cursor: the last id seen.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = log.PAGE,
) -> list[DeliveryRead]:
    service.get_subscription(session, subscription_id)
    found = log.delivery_log(
        session, subscription_id=subscription_id, state=state, before_id=before, limit=limit
    )
    return [DeliveryRead.model_validate(d) for d in found]


@router.post(
    "/{subscription_id}/deliveries/{delivery_id}/replay",
    status_code=202,
    response_model=DeliveryRead,
)
def replay_delivery(
    subscription_id: int, delivery_id: int, session: DB, _admin: Admin
) -> DeliveryRead:
    """Parked: tried again from scratch. Delivered or skipped: sent anew. In flight: 409."""
    service.get_subscription(session, subscription_id)
    queued = service.replay(session, delivery_id, only_for=subscription_id)
    (view,) = log.delivery_log(session, before_id=queued.id + 1, limit=1)
    return DeliveryRead.model_validate(view)
