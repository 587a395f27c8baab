"""HTTP for orders. Agents read, cancel and act from tickets; operations and admins do
everything."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from opsdesk.kernel import idempotency
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.http import DB, Principal, Role, require, settings_of
from opsdesk.kernel.inputs import IsoDateTime
from opsdesk.kernel.pagination import Page
from opsdesk.orders import actions, intake, lifecycle, queries
from opsdesk.orders.models import OrderStatus
from opsdesk.orders.schemas import (
    OrderAddressChange,
    OrderCancel,
    OrderCreate,
    OrderRead,
    OrderSummary,
    ReshipCreate,
    ShippingUpgrade,
    TimelineEntry,
)
from opsdesk.orders.timeline import timeline

router = APIRouter(prefix="/orders", tags=["orders"])
Reader = Annotated[Principal, Depends(require(Role.AGENT, Role.OPERATIONS))]
Operator = Annotated[Principal, Depends(require(Role.OPERATIONS))]
IDEMPOTENCY_SCOPE = "orders.create"
RESHIP_IDEMPOTENCY_SCOPE = "orders.reship"


def _location(order_id: int) -> dict[str, str]:
    return {"Location": f"/api/v1/orders/{order_id}"}


@router.post("", response_model=OrderRead, status_code=201)
def place_order(
    body: OrderCreate,
    request: Request,
    session: DB,
    principal: Operator,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> JSONResponse:
    """Place an order. A retried request with the same ``Idempotency-Key`` gets the first answer."""

    def act() -> tuple[int, Any]:
        strategy = settings_of(request).allocation_strategy
        order = intake.place_order(session, body, actor=principal.actor, strategy=strategy)
        return 201, queries.read_order(session, order.id).model_dump(mode="json")

    answer = idempotency.once(
        session, scope=IDEMPOTENCY_SCOPE, key=idempotency_key,
        request=body.model_dump(mode="json"), act=act,
    )  # fmt: skip
    return _created(answer)


def _created(answer: idempotency.Answer) -> JSONResponse:
    created = answer.status_code == 201
    headers = _location(answer.content["id"]) if created else None
    return JSONResponse(answer.content, status_code=answer.status_code, headers=headers)


@router.get("", response_model=Page[OrderSummary])
def list_orders(
    session: DB,
    _reader: Reader,
    status: OrderStatus | None = None,
    customer_id: int | None = None,
    channel: Annotated[str | None, Query(max_length=32)] = None,
    placed_from: IsoDateTime | None = None,
    placed_to: IsoDateTime | None = None,
    number: Annotated[str | None, Query(max_length=40, description="Prefix of the number")] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 50,
) -> Page[OrderSummary]:
    filters = queries.OrderFilter(
        status=status,
        customer_id=customer_id,
        channel=channel,
        placed_from=_aware(placed_from, "placed_from"),
        placed_to=_aware(placed_to, "placed_to"),
        number=number,
    )
    items, next_cursor = queries.list_orders(session, filters, cursor=cursor, limit=limit)
    return Page(items=items, next_cursor=next_cursor)


def _aware(value: datetime | None, field: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise InvalidInput(f"{field} needs a time zone offset", details={"field": field})
    return value


@router.get("/by-number/{number}", response_model=OrderRead)
def get_order_by_number(number: str, session: DB, _reader: Reader) -> OrderRead:
    return queries.read_order_by_number(session, number)


@router.get("/{order_id}", response_model=OrderRead)
def get_order(order_id: int, session: DB, _reader: Reader) -> OrderRead:
    return queries.read_order(session, order_id)


@router.get("/{order_id}/timeline", response_model=list[TimelineEntry])
def get_timeline(order_id: int, session: DB, _reader: Reader) -> list[TimelineEntry]:
    queries.ensure_order_exists(session, order_id)
    return [TimelineEntry.model_validate(e) for e in timeline(session, order_id)]


@router.post("/{order_id}/cancel", response_model=OrderRead)
def cancel_order(order_id: int, body: OrderCancel, session: DB, principal: Reader) -> OrderRead:
    lifecycle.cancel_order(
        session, order_id, actor=principal.actor, reason=body.reason, line_ids=body.line_ids
    )
    return queries.read_order(session, order_id)


@router.patch("/{order_id}/shipping-address", response_model=OrderRead)
def change_shipping_address(
    order_id: int, body: OrderAddressChange, session: DB, principal: Reader
) -> OrderRead:
    """Ship to another address; 409 once anything has shipped (ask the carrier instead)."""
    actions.update_shipping_address(
        session, order_id, body, actor=principal.actor, reason=body.reason
    )
    return queries.read_order(session, order_id)


@router.post("/{order_id}/shipping-upgrade", response_model=OrderRead)
def upgrade_shipping(
    order_id: int, body: ShippingUpgrade, session: DB, principal: Reader
) -> OrderRead:
    """Book a faster service level before the parcel leaves; the promise moves with it."""
    actions.upgrade_shipping(
        session, order_id, body.service_level, actor=principal.actor, reason=body.reason,
        charge_minor=body.charge_minor,
    )  # fmt: skip
    return queries.read_order(session, order_id)


@router.post("/{order_id}/reshipments", response_model=OrderRead, status_code=201)
def reship(
    order_id: int,
    body: ReshipCreate,
    request: Request,
    session: DB,
    principal: Reader,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> JSONResponse:
    """Send shipped units again as a free replacement order; answers with that order.

    A retried request with the same ``Idempotency-Key`` gets the first answer.
    """

    def act() -> tuple[int, Any]:
        replacement = actions.reship(
            session, order_id, body.quantities(), actor=principal.actor, reason=body.reason,
            note=body.note, address=body.shipping_address,
            strategy=settings_of(request).allocation_strategy,
        )  # fmt: skip
        return 201, queries.read_order(session, replacement.id).model_dump(mode="json")

    answer = idempotency.once(
        session, scope=RESHIP_IDEMPOTENCY_SCOPE, key=idempotency_key,
        request={"order_id": order_id, **body.model_dump(mode="json")}, act=act,
    )  # fmt: skip
    return _created(answer)
